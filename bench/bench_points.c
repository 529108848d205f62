/*
 * Coordinate lookups, measured side by side on the same data and points:
 *   (a) SpatiaLite SQL through the spatial index, one query per point
 *   (b) GEOS STRtree + prepared geometries (GEOSPreparedIntersects)
 *   (c) domcov_check_point (the whole public answer, result allocated)
 *   (c') domcov_check_point_ex with the status-only flags (zones and statuses, result allocated)
 *   (c'') domcov_check_point_status (per service status and best zone, nothing allocated)
 *   (d) the raw zone index lookup (dc_zone_index_lookup)
 * in random order and sorted by index cell, then the scaling with the number
 * of zones and the open time of the sample store.  Single thread.
 *
 * Usage: bench_points [--points N] [--sql-points N] [--work DIR] [--quick] [--no-scaling]
 *                     [SAMPLE_STORE]
 * The generated stores are built once under --work (default bench-data)
 * and reused.  docs/performance.md explains the numbers.
 */
#include "domcov.h"
#include "bench_common.h"
#include "gen_store.h"
#include "geos_ref.h"
#include "geo/zone_index.h"
#include "store/store.h"

#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
/* after sqlite3.h, which it needs */
#include <spatialite.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct pt {
    double lon, lat;
    const void *cell; /* leaf of the index, for the sorted order */
} pt;

typedef struct result {
    double per_s;     /* lookups per second */
    double p50, p99;  /* microseconds */
    long n;
} result;

typedef struct bench {
    const char *store;
    domcov_db *db;
    geos_ref ref;
    sqlite3 *sql;
    void *sl_cache;
    sqlite3_stmt *st;
    double *lat_ns;   /* scratch: one latency per point */
    uint32_t *hits;
} bench;

enum method { M_SQL, M_GEOS, M_CHECK, M_STATUS, M_PSTATUS, M_INDEX, M_COUNT };
static const char *const method_name[M_COUNT] = {
    "(a) SpatiaLite SQL + spatial index", "(b) GEOS STRtree + prepared", "(c) domcov_check_point",
    "(c') check_point_ex, status only", "(c'') domcov_check_point_status", "(d) zone index lookup"};

static int cell_cmp(const void *a, const void *b)
{
    const char *x = ((const pt *)a)->cell, *y = ((const pt *)b)->cell;
    return (x > y) - (x < y);
}

/* One lookup by a method; returns the number of zones found (kept so no call is optimised away). */
static long lookup(bench *b, int m, double lon, double lat)
{
    long n = 0;

    switch (m) {
    case M_SQL:
        sqlite3_reset(b->st);
        sqlite3_bind_double(b->st, 1, lon);
        sqlite3_bind_double(b->st, 2, lat);
        sqlite3_bind_double(b->st, 3, lon);
        sqlite3_bind_double(b->st, 4, lat);
        while (sqlite3_step(b->st) == SQLITE_ROW)
            n++;
        break;
    case M_GEOS:
        n = geos_ref_query(&b->ref, lon, lat, (int *)b->hits);
        break;
    case M_CHECK:
    case M_STATUS: {
        /* (c') is the public answer a batch or a bot needs when it wants only the zones and
         * statuses: no distance to the nearest zone, no city. */
        domcov_point_result *r = NULL;
        unsigned flags = m == M_STATUS ? DOMCOV_CHECK_NO_DISTANCE | DOMCOV_CHECK_NO_CITY : 0;
        if (domcov_check_point_ex(b->db, lat, lon, flags, &r) == DOMCOV_OK)
            n = r->zone_count;
        domcov_point_result_free(r);
        break;
    }
    case M_PSTATUS: {
        /* (c'') the same statuses written into the caller's struct: no allocation. */
        domcov_point_status st;
        if (domcov_check_point_status(b->db, lat, lon, &st) == DOMCOV_OK)
            n = st.zone_count;
        break;
    }
    default:
        n = dc_zone_index_lookup(&b->db->zone_index, lon, lat, b->hits, b->db->nzones + 1);
    }
    return n;
}

/* Throughput from an untimed pass, percentiles from a pass timing every call. */
static result measure(bench *b, int m, const pt *p, long n, long *found)
{
    result r;
    double t0, t1;
    long i, hits = 0;

    t0 = now_ns();
    for (i = 0; i < n; i++)
        hits += lookup(b, m, p[i].lon, p[i].lat);
    t1 = now_ns();
    r.per_s = n / ((t1 - t0) * 1e-9);
    r.n = n;
    if (m != M_SQL) {
        for (i = 0; i < n; i++) {
            double a = now_ns();
            lookup(b, m, p[i].lon, p[i].lat);
            b->lat_ns[i] = now_ns() - a;
        }
    } else {
        /* One pass is enough (and all SQL can afford): time it per call too. */
        for (i = 0; i < n; i++) {
            double a = now_ns();
            lookup(b, m, p[i].lon, p[i].lat);
            b->lat_ns[i] = now_ns() - a;
        }
    }
    qsort(b->lat_ns, (size_t)n, sizeof *b->lat_ns, dbl_cmp);
    r.p50 = b->lat_ns[n / 2] / 1e3;
    r.p99 = b->lat_ns[(long)(n * 0.99)] / 1e3;
    *found = hits;
    return r;
}

static int bench_open(bench *b, const char *store)
{
    const char *sql = "SELECT zone_id FROM zones WHERE ST_Intersects(geom, MakePoint(?, ?, 4326)) "
                      "AND ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name='zones' "
                      "AND search_frame=MakePoint(?, ?, 4326))";

    memset(b, 0, sizeof *b);
    b->store = store;
    if (domcov_open(store, 0, &b->db) != DOMCOV_OK) {
        fprintf(stderr, "cannot open %s: %s\n", store, domcov_errmsg(NULL));
        return -1;
    }
    if (geos_ref_open(&b->ref, store) != 0)
        return -1;
    b->sl_cache = spatialite_alloc_connection();
    if (sqlite3_open_v2(store, &b->sql, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return -1;
    spatialite_init_ex(b->sql, b->sl_cache, 0);
    if (sqlite3_prepare_v2(b->sql, sql, -1, &b->st, NULL) != SQLITE_OK) {
        fprintf(stderr, "SQL: %s\n", sqlite3_errmsg(b->sql));
        return -1;
    }
    b->hits = malloc(((size_t)b->db->nzones + 1) * sizeof *b->hits);
    if (b->hits == NULL)
        return -1;
    {
        /* Warm up outside the timings: GEOS prepares each geometry's point locator
         * on its first query, SQLite fills its page cache. */
        uint32_t z;
        for (z = 0; z < b->db->nzones; z++) {
            const dc_bbox *bb = &b->db->zones[z].geom.bbox;
            double x = (bb->minx + bb->maxx) / 2, y = (bb->miny + bb->maxy) / 2;
            lookup(b, M_GEOS, x, y);
            if (z < 200)
                lookup(b, M_SQL, x, y);
        }
    }
    return 0;
}

static void bench_close(bench *b)
{
    sqlite3_finalize(b->st);
    sqlite3_close(b->sql);
    if (b->sl_cache)
        spatialite_cleanup_ex(b->sl_cache);
    geos_ref_close(&b->ref);
    domcov_close(b->db);
    free(b->hits);
    free(b->lat_ns);
}

/* Random points over the generated city (the zones' bbox), with their index cells. */
static pt *make_points(const bench *b, long n)
{
    const dc_bbox *bb = &b->db->zone_index.bbox;
    pt *p = malloc((size_t)n * sizeof *p);
    long i;

    for (i = 0; p && i < n; i++) {
        p[i].lon = bb->minx + (bb->maxx - bb->minx) * rnd();
        p[i].lat = bb->miny + (bb->maxy - bb->miny) * rnd();
        p[i].cell = dc_zone_index_leaf(&b->db->zone_index, p[i].lon, p[i].lat);
    }
    return p;
}

static void print_row(int m, const result *r, const result *base_sql, const result *base_geos)
{
    printf("  %-36s %10.0f/s  p50 %8.3f us  p99 %8.3f us", method_name[m], r->per_s, r->p50,
           r->p99);
    if (m != M_SQL)
        printf("  x%.0f SQL", r->per_s / base_sql->per_s);
    if (m > M_GEOS)
        printf("  x%.1f GEOS", r->per_s / base_geos->per_s);
    printf("  (%ld points)\n", r->n);
}

/* How the status call compares with the allocating status-only check and the bare index. */
static void print_status_ratios(const result *r)
{
    printf("  (c'') is x%.2f (c') and %.0f%% of (d)'s throughput; p99 %.3f us vs (d) %.3f us\n",
           r[M_PSTATUS].per_s / r[M_STATUS].per_s, 100.0 * r[M_PSTATUS].per_s / r[M_INDEX].per_s,
           r[M_PSTATUS].p99, r[M_INDEX].p99);
}

/* Every method on one store, random order then sorted by cell. */
static int run_methods(bench *b, long npoints, long nsql, result out[2][M_COUNT])
{
    pt *p = make_points(b, npoints);
    int order, m;
    long found[M_COUNT];

    b->lat_ns = malloc((size_t)npoints * sizeof *b->lat_ns);
    if (p == NULL || b->lat_ns == NULL)
        return -1;
    for (order = 0; order < 2; order++) {
        if (order == 1)
            qsort(p, (size_t)npoints, sizeof *p, cell_cmp);
        printf(" %s order:\n", order ? "sorted by index cell" : "random");
        for (m = 0; m < M_COUNT; m++) {
            /* SQL samples fewer points, spread over the set (every k-th). */
            long n = m == M_SQL ? nsql : npoints;
            if (m == M_SQL) {
                long k = npoints / nsql, i;
                pt *s = malloc((size_t)nsql * sizeof *s);
                if (s == NULL)
                    return -1;
                for (i = 0; i < nsql; i++)
                    s[i] = p[i * k];
                out[order][m] = measure(b, m, s, n, &found[m]);
                found[m] *= k; /* scaled, for the sanity line only */
                free(s);
            } else {
                out[order][m] = measure(b, m, p, n, &found[m]);
            }
            print_row(m, &out[order][m], &out[order][M_SQL], &out[order][M_GEOS]);
        }
        print_status_ratios(out[order]);
        if (found[M_GEOS] != found[M_INDEX] || found[M_GEOS] != found[M_CHECK] ||
            found[M_GEOS] != found[M_STATUS] || found[M_GEOS] != found[M_PSTATUS])
            printf("  WARNING: zones found differ: GEOS %ld, check_point %ld, status-only %ld, "
                   "status call %ld, index %ld\n", found[M_GEOS], found[M_CHECK], found[M_STATUS],
                   found[M_PSTATUS], found[M_INDEX]);
        else
            printf("  zones found: %ld by GEOS, check_point, the status call and the index alike "
                   "(SQL ~%ld, sampled)\n", found[M_GEOS], found[M_SQL]);
    }
    free(p);
    return 0;
}

/* Open time of a store: cold (page cache dropped for the file) and warm, to the first answer. */
static void open_times(const char *store)
{
    double cold = 0, warm[21], t0;
    domcov_db *db = NULL;
    domcov_point_result *r = NULL;
    int fd = open(store, O_RDONLY), i;

    if (fd >= 0) {
        fdatasync(fd);
        posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        close(fd);
    }
    for (i = -1; i < 21; i++) {
        t0 = now_ns();
        if (domcov_open(store, 0, &db) != DOMCOV_OK) {
            fprintf(stderr, "cannot open %s: %s\n", store, domcov_errmsg(NULL));
            return;
        }
        domcov_check_point(db, 58.0105, 56.2502, &r);
        if (i < 0)
            cold = (now_ns() - t0) / 1e6;
        else
            warm[i] = (now_ns() - t0) / 1e6;
        domcov_point_result_free(r);
        if (i == 0)
            printf("  %s: %u zones, %u cities, index %.1f KB (%u top cells, depth %u)\n", store,
                   db->nzones, db->ncities, dc_zone_index_bytes(&db->zone_index) / 1024.0,
                   db->zone_index.nx * db->zone_index.ny, db->zone_index.depth);
        domcov_close(db);
    }
    qsort(warm, 21, sizeof *warm, dbl_cmp);
    printf("  open -> first answer: cold %.2f ms (page cache dropped, first open in the process), "
           "warm median %.2f ms, min %.2f ms\n", cold, warm[10], warm[0]);
}

static void machine(void)
{
    char libs[256];

    snprintf(libs, sizeof libs, "GEOS %s; SQLite %s; SpatiaLite %s; libdomcov %s", GEOSversion(),
             sqlite3_libversion(), spatialite_version(), domcov_version());
    bench_machine(libs, "");
}

/* The generated store of nzones over side_m metres, built once under work. */
static int gen_path(char *out, size_t size, const char *work, int nzones, double side_m)
{
    char dir[4096];
    struct stat s;

    snprintf(dir, sizeof dir, "%s/gen-%d-%.0f", work, nzones, side_m);
    snprintf(out, size, "%s/gen-%d-%.0f.sqlite", work, nzones, side_m);
    if (stat(out, &s) == 0)
        return 0;
    mkdir(work, 0755);
    fprintf(stderr, "building %s ...\n", out);
    return gen_store(dir, out, nzones, side_m, 1);
}

/* One line per method on a generated store: random order, n points (SQL fewer). */
static int scale_run(const char *work, int nzones, double side_m, long n, long nsql)
{
    char store[4096];
    result res[M_COUNT];
    domcov_db *db = NULL;
    bench b;
    pt *p;
    long found;
    int m;
    double t0;

    if (gen_path(store, sizeof store, work, nzones, side_m) != 0)
        return -1;
    /* Warm open (the file was just read): SQLite load, blob decoding, index build. */
    t0 = now_ns();
    if (domcov_open(store, 0, &db) != DOMCOV_OK)
        return -1;
    t0 = (now_ns() - t0) / 1e6;
    domcov_close(db);
    if (bench_open(&b, store) != 0)
        return -1;
    printf(" %d zones over %.0f x %.0f km: open %.1f ms, index %.1f MB, %u top cells, depth %u\n",
           nzones, side_m / 1000, side_m / 1000, t0,
           dc_zone_index_bytes(&b.db->zone_index) / 1048576.0,
           b.db->zone_index.nx * b.db->zone_index.ny, b.db->zone_index.depth);
    p = make_points(&b, n);
    b.lat_ns = malloc((size_t)n * sizeof *b.lat_ns);
    if (p == NULL || b.lat_ns == NULL)
        return -1;
    for (m = 0; m < M_COUNT; m++) {
        res[m] = measure(&b, m, p, m == M_SQL ? nsql : n, &found);
        print_row(m, &res[m], &res[M_SQL], &res[M_GEOS]);
    }
    print_status_ratios(res);
    free(p);
    bench_close(&b);
    return 0;
}

int main(int argc, char **argv)
{
    long npoints = 1000000, nsql = 2000;
    const char *work = "bench-data", *sample = NULL;
    int quick = 0, scaling = 1, i;
    char store[4096];
    static const int scale_zones[] = {200, 2000, 20000};
    result res[2][M_COUNT];
    bench b;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--points") == 0 && i + 1 < argc)
            npoints = atol(argv[++i]);
        else if (strcmp(argv[i], "--sql-points") == 0 && i + 1 < argc)
            nsql = atol(argv[++i]);
        else if (strcmp(argv[i], "--work") == 0 && i + 1 < argc)
            work = argv[++i];
        else if (strcmp(argv[i], "--quick") == 0)
            quick = 1;
        else if (strcmp(argv[i], "--no-scaling") == 0)
            scaling = 0;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: bench_points [--points N] [--sql-points N] [--work DIR] [--quick] "
                            "[--no-scaling] [SAMPLE_STORE]\n");
            return 2;
        } else
            sample = argv[i];
    }
#ifdef DC_SAMPLE_STORE
    if (sample == NULL)
        sample = DC_SAMPLE_STORE;
#endif
    if (quick) {
        npoints = npoints > 100000 ? 100000 : npoints;
        nsql = nsql > 500 ? 500 : nsql;
    }
    machine();

    printf("\n== 2,000 generated zones (~110 vertices, holes) over 30 x 30 km, %ld random "
           "points ==\n", npoints);
    if (gen_path(store, sizeof store, work, 2000, GEN_SIZE_M) != 0 || bench_open(&b, store) != 0)
        return 1;
    printf(" index: %u top cells, depth %u, %.1f MB\n", b.db->zone_index.nx * b.db->zone_index.ny,
           b.db->zone_index.depth, dc_zone_index_bytes(&b.db->zone_index) / 1048576.0);
    if (run_methods(&b, npoints, nsql, res) != 0)
        return 1;
    bench_close(&b);

    printf("\n== scaling: more zones over the same city (overlap grows; random order, %ld points, "
           "SQL %ld) ==\n", npoints / 5, nsql / 2);
    for (i = 0; scaling && i < 3; i++)
        if (!(quick && scale_zones[i] > 2000) &&
            scale_run(work, scale_zones[i], GEN_SIZE_M, npoints / 5, nsql / 2) != 0)
            return 1;
    printf("\n== scaling: more zones over a larger area (same density; random order, %ld points, "
           "SQL %ld) ==\n", npoints / 5, nsql / 2);
    for (i = 0; scaling && i < 3; i++)
        if (!(quick && scale_zones[i] > 2000) &&
            scale_run(work, scale_zones[i], GEN_SIZE_M * sqrt(scale_zones[i] / 2000.0),
                      npoints / 5, nsql / 2) != 0)
            return 1;

    if (sample != NULL) {
        printf("\n== open time of the sample store ==\n");
        open_times(sample);
    }
    return 0;
}
