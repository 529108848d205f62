/*
 * bench_batch: `domcov batch` end to end on 1,000,000 rows, against a
 * baseline doing the same rows one SpatiaLite SQL query each.
 *
 * Usage: bench_batch DOMCOV SAMPLE_STORE SCRATCH_DIR [SHARED_DATA_DIR]
 *                    [--rows N] [--baseline-rows N] [--baseline-seconds S] [--threads N]
 *
 * Three workloads:
 *   coordinates  N random points in the sample store's bounding box
 *   addresses    N of the sample store's own house addresses, in four writing styles
 *   real         N addresses of SHARED_DATA_DIR/real/reformagkh_ekaterinburg_2016.csv,
 *                on a store built from that file with domcov_import_houses
 *                (skipped with a message when the file is absent)
 * For each: the CLI end to end (generated CSV in, CSV file out, wall and CPU
 * time), the library alone (the same calls from --threads threads in this
 * process, no I/O: what the CLI's overhead is on top of), and the baseline:
 * per row one SQL statement through SpatiaLite's R*Tree index and
 * ST_Intersects (for addresses after domcov_normalize, an exact-key lookup of
 * the house joined with the zones covering its point), one connection per
 * thread, on the first --baseline-rows rows (default 100,000) or as many as
 * it does in --baseline-seconds (default 20), its time scaled to N rows.
 */
#include "domcov.h"
#include "csv.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <spatialite.h> /* after sqlite3.h, which it needs */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static unsigned long long rng_state = 0x9E3779B97F4A7C15ULL;

static unsigned long long rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static double uniform(double a, double b)
{
    return a + (b - a) * (double)(rng() >> 11) / 9007199254740992.0;
}

static void die(const char *what)
{
    fprintf(stderr, "bench_batch: %s: %s\n", what, errno ? strerror(errno) : "failed");
    exit(1);
}

/* A CSV field, quoted when needed. */
static void csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* ------------------------------------------------------------ workloads */

typedef struct workload {
    const char *name;
    const char *store;
    int is_address;
    long rows;
    double *lat, *lon;        /* coordinates */
    char **texts;             /* distinct address strings */
    long ntexts;
    long *pick;               /* row -> text */
    char path[4096];          /* the generated CSV */
} workload;

static void write_points(workload *w, const char *dir)
{
    FILE *f;
    long i;

    snprintf(w->path, sizeof w->path, "%s/bench_points.csv", dir);
    f = fopen(w->path, "w");
    if (f == NULL)
        die(w->path);
    fputs("id,lat,lon\n", f);
    for (i = 0; i < w->rows; i++)
        fprintf(f, "%ld,%.6f,%.6f\n", i, w->lat[i], w->lon[i]);
    if (fclose(f) != 0)
        die(w->path);
}

static void write_addresses(workload *w, const char *dir, const char *file)
{
    FILE *f;
    long i;

    snprintf(w->path, sizeof w->path, "%s/%s", dir, file);
    f = fopen(w->path, "w");
    if (f == NULL)
        die(w->path);
    fputs("id,address\n", f);
    for (i = 0; i < w->rows; i++) {
        fprintf(f, "%ld,", i);
        csv_field(f, w->texts[w->pick[i]]);
        fputc('\n', f);
    }
    if (fclose(f) != 0)
        die(w->path);
}

static void pick_rows(workload *w)
{
    long i;

    w->pick = malloc(sizeof *w->pick * (size_t)w->rows);
    if (w->pick == NULL)
        die("malloc");
    for (i = 0; i < w->rows; i++)
        w->pick[i] = (long)(rng() % (unsigned long long)w->ntexts);
}

static void add_text(workload *w, const char *s)
{
    w->texts = realloc(w->texts, sizeof *w->texts * (size_t)(w->ntexts + 1));
    if (w->texts == NULL || (w->texts[w->ntexts] = strdup(s)) == NULL)
        die("malloc");
    w->ntexts++;
}

/* The sample store's houses in four writing styles. */
static void sample_addresses(workload *w)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    const char *sql =
        "SELECT h.address, c.name, s.type, s.name, h.number, h.letter, h.korpus, h.stroenie "
        "FROM houses h JOIN streets s ON s.id = h.street_id JOIN cities c ON c.id = s.city_id "
        "ORDER BY h.id";

    if (sqlite3_open_v2(w->store, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_batch: %s: %s\n", w->store, sqlite3_errmsg(db));
        exit(1);
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *c[8];
        char num[128], buf[1024];
        int k;
        for (k = 0; k < 8; k++)
            c[k] = (const char *)sqlite3_column_text(st, k);
        snprintf(num, sizeof num, "%s%s%s%s%s%s", c[4], c[5], *c[6] ? " к" : "", c[6],
                 *c[7] ? " стр " : "", c[7]);
        add_text(w, c[0]);                                         /* г. Пермь, ул. Ленина, д. 50 */
        snprintf(buf, sizeof buf, "%s, %s %s", c[1], c[3], num);   /* Пермь, Ленина 50 */
        add_text(w, buf);
        snprintf(buf, sizeof buf, "%s %s %s, г %s", c[2], c[3], num, c[1]); /* ул Ленина 50, г Пермь */
        add_text(w, buf);
        snprintf(buf, sizeof buf, "Россия, г.%s, %s.%s, дом %s, кв. 12", c[1], c[2], c[3], num);
        add_text(w, buf);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (w->ntexts == 0) {
        fprintf(stderr, "bench_batch: %s has no houses\n", w->store);
        exit(1);
    }
}

/* The address column of the reformagkh register (house_id,address,lat,lon,geocode_ok). */
static void register_addresses(workload *w, const char *csv_path)
{
    FILE *f = fopen(csv_path, "rb");
    dc_csv_reader *r = NULL;
    dc_csv_record rec;
    int col = -1;
    size_t k;

    if (f == NULL || dc_csv_open_file(f, NULL, &r) != 0)
        die(csv_path);
    while (dc_csv_next(r, &rec) == 1) {
        if (rec.error)
            continue;
        if (col < 0) {
            for (k = 0; k < rec.nfields; k++)
                if (strcmp(rec.fields[k], "address") == 0)
                    col = (int)k;
            if (col < 0) {
                fprintf(stderr, "bench_batch: %s has no address column\n", csv_path);
                exit(1);
            }
            continue;
        }
        if ((size_t)col < rec.nfields && rec.lengths[col] > 0)
            add_text(w, rec.fields[col]);
    }
    dc_csv_close(r);
    fclose(f);
}

/* ------------------------------------------------------------ the CLI, end to end */

typedef struct timing {
    double wall, cpu;
    char summary[512];
} timing;

static timing run_cli(const char *domcov, const workload *w, const char *dir, int threads)
{
    char out[4096], err[4096], targ[16];
    timing t;
    struct rusage ru;
    double t0;
    pid_t pid;
    int status;
    FILE *f;

    memset(&t, 0, sizeof t);
    snprintf(out, sizeof out, "%s/bench_out.csv", dir);
    snprintf(err, sizeof err, "%s/bench_err.txt", dir);
    snprintf(targ, sizeof targ, "%d", threads);
    t0 = now_s();
    pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        if (freopen(err, "w", stderr) == NULL)
            _exit(127);
        execl(domcov, domcov, "batch", "--store", w->store, "--input", w->path, "--output", out,
              "--threads", targ, "--no-progress", (char *)NULL);
        _exit(127);
    }
    if (wait4(pid, &status, 0, &ru) < 0)
        die("wait4");
    t.wall = now_s() - t0;
    t.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
            (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "bench_batch: domcov batch failed (status %d), see %s\n", status, err);
        exit(1);
    }
    f = fopen(err, "r");
    if (f != NULL) {
        if (fgets(t.summary, sizeof t.summary, f) == NULL)
            t.summary[0] = '\0';
        t.summary[strcspn(t.summary, "\n")] = '\0';
        fclose(f);
    }
    return t;
}

/* ------------------------------------------------------------ the library alone */

typedef struct lib_job {
    const workload *w;
    domcov_db *db;
    int t, nt;
    long matched;
} lib_job;

static void *lib_thread(void *arg)
{
    lib_job *j = arg;
    domcov_match_options mo = {NULL, 1};
    long i;

    for (i = j->t; i < j->w->rows; i += j->nt) {
        if (j->w->is_address) {
            domcov_address_result *r = NULL;
            if (domcov_check_address(j->db, j->w->texts[j->w->pick[i]], &mo, &r) == DOMCOV_OK &&
                r->status == DOMCOV_MATCHED)
                j->matched++;
            domcov_address_result_free(r);
        } else {
            domcov_point_result *r = NULL;
            if (domcov_check_point(j->db, j->w->lat[i], j->w->lon[i], &r) == DOMCOV_OK)
                j->matched++;
            domcov_point_result_free(r);
        }
    }
    return NULL;
}

static double run_lib(const workload *w, int threads, long *matched)
{
    domcov_db *db = NULL;
    pthread_t th[256];
    lib_job jobs[256];
    double t0;
    int i;

    if (domcov_open(w->store, DOMCOV_OPEN_DEFAULT, &db) != DOMCOV_OK) {
        fprintf(stderr, "bench_batch: %s: %s\n", w->store, domcov_errmsg(NULL));
        exit(1);
    }
    t0 = now_s();
    for (i = 0; i < threads; i++) {
        jobs[i] = (lib_job){w, db, i, threads, 0};
        pthread_create(&th[i], NULL, lib_thread, &jobs[i]);
    }
    *matched = 0;
    for (i = 0; i < threads; i++) {
        pthread_join(th[i], NULL);
        *matched += jobs[i].matched;
    }
    t0 = now_s() - t0;
    domcov_close(db);
    return t0;
}

/* ------------------------------------------------------------ the SpatiaLite baseline */

static const char *const point_sql =
    "SELECT z.service, z.status FROM zones z "
    "WHERE z.id IN (SELECT pkid FROM idx_zones_geom "
    "               WHERE xmin <= ?1 AND xmax >= ?1 AND ymin <= ?2 AND ymax >= ?2) "
    "  AND ST_Intersects(z.geom, MakePoint(?1, ?2, 4326))";

static const char *const address_sql =
    "SELECT h.ext_id, h.lat, h.lon, "
    "  (SELECT group_concat(z.service || ':' || z.status) FROM zones z "
    "   WHERE h.lat IS NOT NULL "
    "     AND z.id IN (SELECT pkid FROM idx_zones_geom WHERE xmin <= h.lon AND xmax >= h.lon "
    "                  AND ymin <= h.lat AND ymax >= h.lat) "
    "     AND ST_Intersects(z.geom, MakePoint(h.lon, h.lat, 4326))) "
    "FROM houses h JOIN streets s ON s.id = h.street_id JOIN cities c ON c.id = s.city_id "
    "WHERE c.name_key = ?1 AND s.name_key = ?2 AND h.number = ?3 AND h.letter = ?4 "
    "  AND h.korpus = ?5 AND h.stroenie = ?6";

typedef struct base_job {
    const workload *w;
    long rows;
    double deadline;          /* stop sampling then */
    int t, nt;
    long matched, done;
} base_job;

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

static void *base_thread(void *arg)
{
    base_job *j = arg;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    void *cache = spatialite_alloc_connection();
    long i;

    if (sqlite3_open_v2(j->w->store, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK)
        return NULL;
    spatialite_init_ex(db, cache, 0);
    if (sqlite3_prepare_v2(db, j->w->is_address ? address_sql : point_sql, -1, &st, NULL) !=
        SQLITE_OK) {
        fprintf(stderr, "bench_batch: baseline: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
    for (i = j->t; i < j->rows; i += j->nt) {
        int found = 0;
        if (j->w->is_address) {
            domcov_address *a = NULL;
            if (domcov_normalize(j->w->texts[j->w->pick[i]], &a) != DOMCOV_OK || a->city == NULL ||
                a->street == NULL || a->house == NULL) {
                domcov_address_free(a);
                j->done++;
                continue;
            }
            bind_opt(st, 1, a->city);
            bind_opt(st, 2, a->street);
            bind_opt(st, 3, a->house);
            bind_opt(st, 4, a->letter);
            bind_opt(st, 5, a->korpus);
            bind_opt(st, 6, a->stroenie);
            domcov_address_free(a);
        } else {
            sqlite3_bind_double(st, 1, j->w->lon[i]);
            sqlite3_bind_double(st, 2, j->w->lat[i]);
        }
        while (sqlite3_step(st) == SQLITE_ROW)
            found = 1;
        sqlite3_reset(st);
        j->matched += found;
        if (++j->done % 64 == 0 && now_s() > j->deadline)
            break;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);
    return NULL;
}

/* Runs the baseline on the first `rows` rows, or for max_s seconds: the rows done in *done. */
static double run_baseline(const workload *w, long rows, double max_s, int threads, long *matched,
                           long *done)
{
    pthread_t th[256];
    base_job jobs[256];
    double t0 = now_s();
    int i;

    for (i = 0; i < threads; i++) {
        jobs[i] = (base_job){w, rows, t0 + max_s, i, threads, 0, 0};
        pthread_create(&th[i], NULL, base_thread, &jobs[i]);
    }
    *matched = *done = 0;
    for (i = 0; i < threads; i++) {
        pthread_join(th[i], NULL);
        *matched += jobs[i].matched;
        *done += jobs[i].done;
    }
    return now_s() - t0;
}

/* ------------------------------------------------------------ report */

/* The machine's load: benchmarks on a busy machine say so. */
static const char *loadavg(void)
{
    static char buf[128] = "unknown\n";
    FILE *f = fopen("/proc/loadavg", "r");

    if (f != NULL) {
        if (fgets(buf, sizeof buf, f) == NULL)
            strcpy(buf, "unknown\n");
        fclose(f);
    }
    return buf;
}

static void report(const char *domcov, workload *w, const char *dir, int threads, long base_rows,
                   double base_max_s, double target_s)
{
    timing t;
    long lib_matched, base_matched, brows = base_rows < w->rows ? base_rows : w->rows;
    double lib_s, base_s, base_scaled;

    printf("\n== %s: %ld rows (%s)\n  load average before: %s", w->name, w->rows, w->path,
           loadavg());
    fflush(stdout);
    t = run_cli(domcov, w, dir, threads);
    printf("  domcov batch, end to end : %7.2f s  %9.0f rows/s  (CPU %.2f s = %.2f us a row; %d threads)\n",
           t.wall, (double)w->rows / t.wall, t.cpu, t.cpu * 1e6 / (double)w->rows, threads);
    printf("    %s\n", t.summary);
    fflush(stdout);
    lib_s = run_lib(w, threads, &lib_matched);
    printf("  library alone (no I/O)   : %7.2f s  %9.0f rows/s  (%s: %ld)\n", lib_s,
           (double)w->rows / lib_s, w->is_address ? "matched" : "checked", lib_matched);
    fflush(stdout);
    base_s = run_baseline(w, brows, base_max_s, threads, &base_matched, &brows);
    base_scaled = base_s * (double)w->rows / (double)brows;
    printf("  baseline, 1 SQL query/row: %7.2f s  %9.0f rows/s  (%ld rows%s; %s: %ld)\n",
           base_scaled, (double)brows / base_s, brows,
           brows < w->rows ? ", time scaled to all rows" : "",
           w->is_address ? "exact-key hits" : "rows with a covering zone", base_matched);
    printf("  ratio batch/baseline     : %7.1fx faster end to end; library alone %.1fx\n",
           base_scaled / t.wall, base_scaled / lib_s);
    printf("  target %ld rows <= %.0f s     : %s (%.2f s)\n", w->rows, target_s * (double)w->rows / 1e6,
           t.wall <= target_s * (double)w->rows / 1e6 ? "met" : "NOT met", t.wall);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    const char *domcov, *sample, *dir, *shared = NULL;
    long rows = 1000000, base_rows = 100000;
    double base_max_s = 20;
    int threads = (int)sysconf(_SC_NPROCESSORS_ONLN), i;
    domcov_store_info *info = NULL;
    domcov_db *db = NULL;
    workload pts, adr, real;
    char real_csv[4096], real_store[4096];
    struct stat st;

    if (argc < 4) {
        fprintf(stderr, "usage: bench_batch DOMCOV SAMPLE_STORE SCRATCH_DIR [SHARED_DATA_DIR] "
                        "[--rows N] [--baseline-rows N] [--baseline-seconds S] [--threads N]\n");
        return 2;
    }
    domcov = argv[1];
    sample = argv[2];
    dir = argv[3];
    for (i = 4; i < argc; i++) {
        if (strcmp(argv[i], "--rows") == 0 && i + 1 < argc)
            rows = atol(argv[++i]);
        else if (strcmp(argv[i], "--baseline-rows") == 0 && i + 1 < argc)
            base_rows = atol(argv[++i]);
        else if (strcmp(argv[i], "--baseline-seconds") == 0 && i + 1 < argc)
            base_max_s = atof(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else
            shared = argv[i];
    }
    if (rows < 1 || base_rows < 1 || threads < 1 || threads > 256) {
        fprintf(stderr, "bench_batch: bad --rows, --baseline-rows or --threads\n");
        return 2;
    }
    mkdir(dir, 0777);
    if (domcov_open(sample, DOMCOV_OPEN_DEFAULT, &db) != DOMCOV_OK ||
        domcov_store_info_get(db, &info) != DOMCOV_OK || !info->has_bbox) {
        fprintf(stderr, "bench_batch: %s: %s\n", sample, domcov_errmsg(NULL));
        return 1;
    }
    printf("bench_batch: %ld rows a workload, %d threads, %ld cores online, load average %s"
           "baseline on at most %ld rows or %.0f s, scaled\n", rows, threads,
           sysconf(_SC_NPROCESSORS_ONLN), loadavg(), base_rows < rows ? base_rows : rows, base_max_s);

    memset(&pts, 0, sizeof pts);
    pts.name = "coordinates (random points in the sample store's bounding box)";
    pts.store = sample;
    pts.rows = rows;
    pts.lat = malloc(sizeof(double) * (size_t)rows);
    pts.lon = malloc(sizeof(double) * (size_t)rows);
    if (pts.lat == NULL || pts.lon == NULL)
        die("malloc");
    for (i = 0; i < rows; i++) {
        pts.lat[i] = uniform(info->min_lat, info->max_lat);
        pts.lon[i] = uniform(info->min_lon, info->max_lon);
    }
    domcov_store_info_free(info);
    domcov_close(db);
    write_points(&pts, dir);
    report(domcov, &pts, dir, threads, base_rows, base_max_s, 1.0);

    memset(&adr, 0, sizeof adr);
    adr.name = "addresses (the sample store's houses, 4 writing styles)";
    adr.store = sample;
    adr.is_address = 1;
    adr.rows = rows;
    sample_addresses(&adr);
    pick_rows(&adr);
    write_addresses(&adr, dir, "bench_addresses.csv");
    report(domcov, &adr, dir, threads, base_rows, base_max_s, 2.0);

    if (shared == NULL) {
        printf("\n== real addresses: skipped (no SHARED_DATA_DIR given)\n");
        return 0;
    }
    snprintf(real_csv, sizeof real_csv, "%s/real/reformagkh_ekaterinburg_2016.csv", shared);
    if (stat(real_csv, &st) != 0) {
        printf("\n== real addresses: skipped (%s is absent)\n", real_csv);
        return 0;
    }
    snprintf(real_store, sizeof real_store, "%s/bench_reformagkh.sqlite", dir);
    unlink(real_store);
    {
        domcov_house_import_options o;
        domcov_import_report *rep = NULL;
        double t0 = now_s();
        memset(&o, 0, sizeof o);
        o.city = "Екатеринбург";
        if (domcov_import_houses(real_store, real_csv, &o, &rep) != DOMCOV_OK) {
            fprintf(stderr, "bench_batch: import %s: %s\n", real_csv, domcov_errmsg(NULL));
            return 1;
        }
        printf("\nbuilt %s from %s in %.1f s: %lld read, %lld imported, %lld without point, "
               "%lld rejected\n", real_store, real_csv, now_s() - t0, rep->read, rep->imported,
               rep->without_point, rep->rejected);
        domcov_import_report_free(rep);
    }
    memset(&real, 0, sizeof real);
    real.name = "real addresses (reformagkh Ekaterinburg 2016 register, its own address strings)";
    real.store = real_store;
    real.is_address = 1;
    real.rows = rows;
    register_addresses(&real, real_csv);
    pick_rows(&real);
    write_addresses(&real, dir, "bench_real.csv");
    report(domcov, &real, dir, threads, base_rows, base_max_s, 2.0);
    return 0;
}
