/*
 * House register imports against tests/cases/import_houses.tsv: the one call
 * domcov_import_houses and the step-wise domcov_import_houses_begin + step +
 * commit, into a store that exists or one the import creates.  Columns and
 * checks are described at the top of the case file.
 * Usage: test_import_houses UNIT_STORE CASES REGISTER_DIR SCRATCH_DIR
 */
#include "domcov.h"
#include "harness.h"
#include "import_util.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

typedef import_test_ctx ctx;

/* What the step-wise run saw. */
typedef struct progress_seen {
    long long total;
    int steps;
} progress_seen;

/* gen:N: a register of N houses on one street of Тестоград (N -1: an empty file). */
static int write_generated(const char *path, int n)
{
    FILE *f = fopen(path, "w");
    int i;

    if (f == NULL)
        return -1;
    if (n >= 0)
        fputs("house_id,address,lat,lon\n", f);
    for (i = 1; i <= n; i++)
        fprintf(f, "g-%d,\"Тестоград, ул. Генерированная, %d\",%.6f,%.6f\n", i, i,
                50.01 + 0.0001 * i, 30.01 + 0.0001 * i);
    return fclose(f) == 0 ? 0 : -1;
}

/* pipe:FILE: FILE's bytes in a pipe (small files fit its buffer); *fd is its read end. */
static int open_pipe(const char *file, char *path, size_t size, int *fd)
{
    size_t len = 0;
    char *data = read_all(file, &len);
    int fds[2];
    int ok;

    *fd = -1;
    if (data == NULL || pipe(fds) != 0) {
        free(data);
        return -1;
    }
    ok = write(fds[1], data, len) == (ssize_t)len;
    close(fds[1]);
    free(data);
    *fd = fds[0];
    snprintf(path, size, "/dev/fd/%d", fds[0]);
    return ok ? 0 : -1;
}

/* The fixture's path; -1 when it cannot be made. */
static int fixture_path(const ctx *x, const char *fixture, char *path, size_t size, int *pipe_fd)
{
    char file[1024];

    *pipe_fd = -1;
    if (strncmp(fixture, "gen:", 4) == 0) {
        snprintf(path, size, "%s/generated.csv", x->scratch);
        return write_generated(path, atoi(fixture + 4));
    }
    if (strncmp(fixture, "pipe:", 5) == 0) {
        snprintf(file, sizeof file, "%s/%s", x->fixtures, fixture + 5);
        return open_pipe(file, path, size, pipe_fd);
    }
    snprintf(path, size, "%s/%s", x->fixtures, fixture);
    return 0;
}

/* The store the case starts from. */
static int prepare_store(const ctx *x, const char *options, char *store, size_t size)
{
    FILE *f;

    snprintf(store, size, "%s", x->store);
    if (strstr(options, "store=new")) {
        unlink(store);
        return 0;
    }
    if (strstr(options, "store=unit"))
        return copy_file(x->unit, store);
    if (strstr(options, "store=notastore")) {
        snprintf(store, size, "%s/notastore.sqlite", x->scratch);
        if ((f = fopen(store, "w")) == NULL)
            return -1;
        fputs("house_id,address\n", f);
        return fclose(f) == 0 ? 0 : -1;
    }
    return 0; /* keep */
}

/* Begin, steps of `step` rows (checking the progress as it goes), commit or abandon. */
static int run_steps(harness *h, const char *store, const char *csv, const domcov_house_import_options *o,
                     int step, int abandon, progress_seen *seen, domcov_import_report **r)
{
    domcov_import *imp = NULL;
    domcov_import_progress p = {0, 0, 0};
    long long last = 0;
    int status = domcov_import_houses_begin(store, csv, o, &imp);

    while (status == DOMCOV_OK && !p.finished) {
        if ((status = domcov_import_step(imp, step, &p)) != DOMCOV_OK)
            break;
        seen->steps++;
        seen->total = p.total;
        if (p.done < last || p.done - last > step || (p.total >= 0 && p.done > p.total))
            harness_fail(h, "step %d: progress %lld/%lld after %lld", seen->steps, p.done, p.total, last);
        if (p.finished && p.total >= 0 && p.done != p.total && !(o->flags & DOMCOV_IMPORT_STRICT))
            harness_fail(h, "finished at %lld of %lld", p.done, p.total);
        last = p.done;
        if (abandon)
            break;
    }
    if (status == DOMCOV_OK && !abandon)
        status = domcov_import_commit(imp, r);
    domcov_import_free(imp);
    return status;
}

/* houses=N, source=TEXT, city=NAME, found=ADDRESS:ID: what the store answers after the import. */
static void check_store(harness *h, const char *store, const char *check)
{
    domcov_db *db = NULL;
    domcov_store_info *info = NULL;
    domcov_address_result *a = NULL;
    domcov_city city;
    char text[512], *colon;

    if (domcov_open(store, DOMCOV_OPEN_DEFAULT, &db) != DOMCOV_OK ||
        domcov_store_info_get(db, &info) != DOMCOV_OK) {
        harness_fail(h, "%s: cannot open the store: %s", check, domcov_errmsg(NULL));
        goto cleanup;
    }
    if (strncmp(check, "houses=", 7) == 0 && info->houses != atoll(check + 7))
        harness_fail(h, "houses: expected %s, got %lld", check + 7, info->houses);
    if (strncmp(check, "source=", 7) == 0 && strcmp(info->source, check + 7) != 0)
        harness_fail(h, "source: expected '%s', got '%s'", check + 7, info->source);
    if (strncmp(check, "city=", 5) == 0 &&
        (domcov_city_find(db, check + 5, &city) != DOMCOV_OK || city.match != DOMCOV_CITY_LOOKUP))
        harness_fail(h, "no city %s in the store", check + 5);
    if (strncmp(check, "found=", 6) == 0) {
        snprintf(text, sizeof text, "%s", check + 6);
        colon = strrchr(text, ':');
        if (colon)
            *colon++ = '\0';
        if (colon == NULL || domcov_check_address(db, text, NULL, &a) != DOMCOV_OK ||
            a->house_id == NULL || strcmp(a->house_id, colon) != 0)
            harness_fail(h, "'%s' is not house %s (got %s)", text, colon ? colon : "?",
                         a && a->house_id ? a->house_id : "none");
    }
cleanup:
    domcov_address_result_free(a);
    domcov_store_info_free(info);
    domcov_close(db);
}

static void run_checks(harness *h, const ctx *x, const char *store, const char *checks,
                       const domcov_import_report *r, const char *errmsg, uint64_t before,
                       const progress_seen *seen)
{
    char *copy = strdup(checks), *rest = copy, *c;
    struct stat st;

    while ((c = next_check(&rest)) != NULL) {
        if (report_check(h, c, r, errmsg)) {
            continue;
        } else if (strcmp(c, "unchanged") == 0 || strcmp(c, "nostore") == 0) {
            if (c[0] == 'u' && checksum(store) != before)
                harness_fail(h, "the store changed");
            if (c[0] == 'n' && stat(store, &st) == 0)
                harness_fail(h, "the store was created");
            if (leftover_temp(x->scratch))
                harness_fail(h, "a temporary file was left in %s", x->scratch);
        } else if (strncmp(c, "total=", 6) == 0) {
            if (seen->total != atoll(c + 6))
                harness_fail(h, "progress total %lld, expected %s", seen->total, c + 6);
        } else if (strncmp(c, "steps=", 6) == 0) {
            if (seen->steps != atoi(c + 6))
                harness_fail(h, "%d steps, expected %s", seen->steps, c + 6);
        } else if (!strncmp(c, "houses=", 7) || !strncmp(c, "source=", 7) || !strncmp(c, "city=", 5) ||
                   !strncmp(c, "found=", 6)) {
            check_store(h, store, c);
        } else if (*c) {
            harness_fail(h, "unknown check '%s'", c);
        }
    }
    free(copy);
}

static void run_case(harness *h, char **cols, int n, void *arg)
{
    const ctx *x = arg;
    char csv[1024], store[1024], lockpath[1100], buf[7][128], errmsg[1024];
    domcov_house_import_options o;
    domcov_import_report *r = NULL;
    progress_seen seen = {-2, 0};
    uint64_t before;
    int status, step, pipe_fd = -1, lock_fd = -1;

    if (n < 5) {
        harness_fail(h, "expected at least 5 columns, got %d", n);
        return;
    }
    if (prepare_store(x, cols[2], store, sizeof store) != 0 ||
        fixture_path(x, cols[1], csv, sizeof csv, &pipe_fd) != 0) {
        harness_fail(h, "cannot prepare the store or the fixture %s", cols[1]);
        return;
    }
    memset(&o, 0, sizeof o);
    o.id_column = opt(cols[2], "id_column", buf[0], sizeof buf[0]);
    o.address_column = opt(cols[2], "address_column", buf[1], sizeof buf[1]);
    o.lat_column = opt(cols[2], "lat_column", buf[2], sizeof buf[2]);
    o.lon_column = opt(cols[2], "lon_column", buf[3], sizeof buf[3]);
    o.city = opt(cols[2], "city", buf[4], sizeof buf[4]);
    o.delimiter = opt(cols[2], "delimiter", buf[5], sizeof buf[5]) ? buf[5][0] : 0;
    o.flags = strstr(cols[2], "strict=1") ? DOMCOV_IMPORT_STRICT : 0;
    step = opt(cols[2], "step", buf[6], sizeof buf[6]) ? atoi(buf[6]) : 0;
    if (strstr(cols[2], "locked=1")) {
        snprintf(lockpath, sizeof lockpath, "%s.lock", store);
        lock_fd = open(lockpath, O_RDWR | O_CREAT, 0644);
        if (lock_fd < 0 || flock(lock_fd, LOCK_EX) != 0)
            harness_fail(h, "cannot take %s", lockpath);
    }
    before = checksum(store);
    if (step > 0)
        status = run_steps(h, store, csv, &o, step, strstr(cols[2], "abandon=1") != NULL, &seen, &r);
    else
        status = domcov_import_houses(store, csv, &o, &r);
    snprintf(errmsg, sizeof errmsg, "%s", domcov_errmsg(NULL));
    if (lock_fd >= 0)
        close(lock_fd);
    if (pipe_fd >= 0)
        close(pipe_fd);
    expect_status(h, status, cols[3], errmsg, r);
    check_counts(h, r, cols[4]);
    if (n > 5)
        run_checks(h, x, store, cols[5], r, errmsg, before, &seen);
    if (h->case_failed)
        fprintf(stderr, "  (case %s)\n", cols[0]);
    domcov_import_report_free(r);
}

int main(int argc, char **argv)
{
    return import_test_main(argc, argv, "houses.sqlite", run_case);
}
