/*
 * Hostile inputs through the C API: tests/reliability/hostile_inputs.tsv has
 * one call a line -- function, input, expected status, checks -- and every
 * call must give that status (with a message when it fails) within its time
 * bound.  Then stores that change under an open handle: replaced by a rename
 * and deleted while a handle is open and in use.
 *
 * Input escapes: \xHH a byte, \t \n \\, and {N*TEXT} TEXT repeated N times
 * (so "{1048576*a}" is a 1 MiB address).  check_point inputs are "LAT,LON"
 * read by strtod (nan, inf, 1e308 work).
 * Checks (space separated): msg~TEXT (the message contains TEXT, '_' for a
 * space), match=STATUS, level=LEVEL, ms<N (wall time bound), count<=N
 * (suggestions), canonical=TEXT.
 *
 * Usage: test_hostile_inputs STORE CASES.tsv SCRATCH_DIR
 */
#include "domcov.h"
#include "file_util.h"
#include "harness.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct ctx {
    const char *store;
    domcov_db *db;
} ctx;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes the escapes into a new NUL-terminated buffer (which may hold NULs: *len says). */
static char *decode(const char *s, size_t *len)
{
    size_t cap = 256, n = 0;
    char *out = malloc(cap);

    while (out && *s) {
        char one[1];
        const char *piece = one;
        size_t plen = 1, times = 1, k;

        if (s[0] == '\\' && s[1] == 'x' && hexval(s[2]) >= 0 && hexval(s[3]) >= 0) {
            one[0] = (char)(hexval(s[2]) * 16 + hexval(s[3]));
            s += 4;
        } else if (s[0] == '\\' && (s[1] == 't' || s[1] == 'n' || s[1] == '\\')) {
            one[0] = s[1] == 't' ? '\t' : s[1] == 'n' ? '\n' : '\\';
            s += 2;
        } else if (s[0] == '{' && strchr(s, '*') && strchr(s, '}')) {
            char *star;
            times = strtoul(s + 1, &star, 10);
            piece = star + 1;
            plen = (size_t)(strchr(piece, '}') - piece);
            s = piece + plen + 1;
        } else {
            one[0] = *s++;
        }
        for (k = 0; k < times; k++) {
            if (n + plen + 1 > cap) {
                while (n + plen + 1 > cap)
                    cap *= 2;
                out = realloc(out, cap);
                if (out == NULL)
                    return NULL;
            }
            memcpy(out + n, piece, plen);
            n += plen;
        }
    }
    if (out)
        out[n] = '\0';
    *len = n;
    return out;
}

/* The value of "key=..." or "key~..." or "key<..." in the checks, or NULL. */
static const char *check_value(char *checks, const char *key, char *buf, size_t size)
{
    char *p = checks;
    size_t k = strlen(key);

    while (p && *p) {
        while (*p == ' ')
            p++;
        if (strncmp(p, key, k) == 0) {
            size_t n = strcspn(p + k, " ");
            size_t i;
            if (n >= size)
                n = size - 1;
            memcpy(buf, p + k, n);
            buf[n] = '\0';
            for (i = 0; i < n && strcmp(key, "msg~") == 0; i++)
                if (buf[i] == '_')
                    buf[i] = ' ';
            return buf;
        }
        p = strchr(p, ' ');
    }
    return NULL;
}

static void run_case(harness *h, char **cols, int n, void *vctx)
{
    ctx *c = vctx;
    char *checks = n > 3 ? cols[3] : (char *)"";
    char buf[512];
    const char *v;
    size_t len = 0;
    char *text;
    double t0, ms, limit = 2000;
    int status = -1;
    domcov_address_result *ar = NULL;
    domcov_suggestions *sg = NULL;
    domcov_address *na = NULL;
    domcov_point_result *pr = NULL;

    if (n < 3) {
        harness_fail(h, "expected function, input, status[, checks]");
        return;
    }
    if ((text = decode(cols[1], &len)) == NULL) {
        harness_fail(h, "out of memory");
        return;
    }
    if ((v = check_value(checks, "ms<", buf, sizeof buf)) != NULL)
        limit = atof(v);
    t0 = now_ms();
    if (strcmp(cols[0], "normalize") == 0) {
        status = domcov_normalize(text, &na);
    } else if (strcmp(cols[0], "check_address") == 0) {
        status = domcov_check_address(c->db, text, NULL, &ar);
    } else if (strcmp(cols[0], "suggest") == 0) {
        status = domcov_suggest(c->db, text, NULL, 10, &sg);
    } else if (strcmp(cols[0], "check_point") == 0) {
        char *comma = strchr(text, ',');
        double lat = strtod(text, NULL), lon = comma ? strtod(comma + 1, NULL) : 0;
        status = domcov_check_point(c->db, lat, lon, &pr);
    } else if (strcmp(cols[0], "distance") == 0) {
        double out = 0, a[4] = {0, 0, 0, 0};
        char *p = text;
        int i;
        for (i = 0; i < 4 && p; i++) {
            a[i] = strtod(p, &p);
            p = *p == ',' ? p + 1 : NULL;
        }
        status = domcov_distance_m(a[0], a[1], a[2], a[3], &out);
        if (status == DOMCOV_OK && !(out >= 0 && isfinite(out)))
            harness_fail(h, "distance %g", out);
    } else {
        harness_fail(h, "unknown function %s", cols[0]);
    }
    ms = now_ms() - t0;

    if (strcmp(domcov_status_name(status), cols[2]) != 0)
        harness_fail(h, "%s(%.60s%s): expected %s, got %s (%s)", cols[0], cols[1],
                     strlen(cols[1]) > 60 ? "..." : "", cols[2], domcov_status_name(status),
                     domcov_errmsg(NULL));
    if (status != DOMCOV_OK && domcov_errmsg(NULL)[0] == '\0')
        harness_fail(h, "failed without a message");
    if (status != DOMCOV_OK && (ar || sg || na || pr))
        harness_fail(h, "a result on failure");
    if ((v = check_value(checks, "msg~", buf, sizeof buf)) && !strstr(domcov_errmsg(NULL), v))
        harness_fail(h, "message '%s' lacks '%s'", domcov_errmsg(NULL), v);
    if (ms > limit)
        harness_fail(h, "took %.1f ms, more than %.0f", ms, limit);
    if (ar) {
        if ((v = check_value(checks, "match=", buf, sizeof buf)) &&
            strcmp(domcov_match_status_name(ar->status), v) != 0)
            harness_fail(h, "match status %s, expected %s", domcov_match_status_name(ar->status), v);
        if ((v = check_value(checks, "level=", buf, sizeof buf)) &&
            strcmp(domcov_match_level_name(ar->match_level), v) != 0)
            harness_fail(h, "match level %s, expected %s", domcov_match_level_name(ar->match_level), v);
    }
    if (sg && (v = check_value(checks, "count<=", buf, sizeof buf)) && sg->count > atoi(v))
        harness_fail(h, "%d suggestions, expected at most %s", sg->count, v);
    if (na && (v = check_value(checks, "canonical=", buf, sizeof buf)) &&
        strcmp(na->canonical, v) != 0)
        harness_fail(h, "canonical '%s', expected '%s'", na->canonical, v);
    domcov_address_result_free(ar);
    domcov_suggestions_free(sg);
    domcov_address_free(na);
    domcov_point_result_free(pr);
    free(text);
}

/* ------------------------------------------------------------ stores changing under a handle */

/* What an open handle answers, as text: point checks at a few places and the row counts. */
static char *answers(const domcov_db *db)
{
    static const double pts[][2] = {{50.02, 30.02}, {50.05, 30.05}, {58.0105, 56.2502},
                                    {56.8389, 60.6057}, {55.79, 49.12}, {0, 0}};
    char buf[4096];
    size_t len = 0;
    size_t i;
    domcov_store_info *info = NULL;

    for (i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        domcov_point_result *r = NULL;
        if (domcov_check_point(db, pts[i][0], pts[i][1], &r) != DOMCOV_OK)
            return strdup("check failed");
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%d%d/%s/%s;",
                                r->services[0].available, r->services[1].available,
                                r->city.code ? r->city.code : "-",
                                r->services[0].zone_id ? r->services[0].zone_id : "-");
        domcov_point_result_free(r);
    }
    if (domcov_store_info_get(db, &info) != DOMCOV_OK)
        return strdup("info failed");
    snprintf(buf + len, sizeof buf - len, "zones %lld cities %lld houses %lld data %s", info->zones,
             info->cities, info->houses, info->data_version);
    domcov_store_info_free(info);
    return strdup(buf);
}

typedef struct reader_arg {
    const domcov_db *db;
    const char *expected;
    atomic_int stop;
    int bad, calls;
} reader_arg;

/* Keeps querying the handle while the file under it is replaced or deleted. */
static void *reader(void *p)
{
    reader_arg *a = p;

    while (!a->stop || a->calls < 50) {
        char *got = answers(a->db);
        if (strcmp(got, a->expected) != 0)
            a->bad++;
        free(got);
        a->calls++;
    }
    return NULL;
}

static void store_changes(harness *h, const char *unit, const char *sample, const char *scratch)
{
    char path[4096], next[4096];
    domcov_db *db = NULL, *db2 = NULL;
    char *before = NULL, *other = NULL, *after = NULL;
    reader_arg a;
    pthread_t t;

    /* Replaced while open: rename another store over the path under a busy handle. */
    h->line = 1;
    harness_begin_case(h);
    snprintf(path, sizeof path, "%s/swap.sqlite", scratch);
    snprintf(next, sizeof next, "%s/swap.sqlite.next", scratch);
    if (copy_file(unit, path) != 0 || copy_file(sample, next) != 0 ||
        domcov_open(path, 0, &db) != DOMCOV_OK) {
        harness_fail(h, "replaced-while-open: setup: %s", domcov_errmsg(NULL));
    } else {
        before = answers(db);
        memset(&a, 0, sizeof a);
        a.db = db;
        a.expected = before;
        pthread_create(&t, NULL, reader, &a);
        if (rename(next, path) != 0)
            harness_fail(h, "rename: %s", strerror(errno));
        usleep(20000);
        a.stop = 1;
        pthread_join(t, NULL);
        if (a.bad)
            harness_fail(h, "replaced-while-open: %d of %d answers changed under the open handle",
                         a.bad, a.calls);
        after = answers(db);
        if (strcmp(after, before) != 0)
            harness_fail(h, "replaced-while-open: the old handle now answers '%s', not '%s'", after,
                         before);
        if (domcov_open(path, 0, &db2) != DOMCOV_OK) {
            harness_fail(h, "replaced-while-open: new open: %s", domcov_errmsg(NULL));
        } else {
            other = answers(db2);
            if (strcmp(other, before) == 0)
                harness_fail(h, "replaced-while-open: a new open still sees the old store");
        }
    }
    harness_end_case(h);
    free(after);
    after = NULL;
    domcov_close(db2);
    db2 = NULL;

    /* Deleted while open: the handle keeps answering; a new open says the file is missing. */
    h->line = 2;
    harness_begin_case(h);
    if (db == NULL) {
        harness_fail(h, "deleted-while-open: no handle");
    } else {
        memset(&a, 0, sizeof a);
        a.db = db;
        a.expected = before;
        pthread_create(&t, NULL, reader, &a);
        if (unlink(path) != 0)
            harness_fail(h, "unlink: %s", strerror(errno));
        usleep(20000);
        a.stop = 1;
        pthread_join(t, NULL);
        if (a.bad)
            harness_fail(h, "deleted-while-open: %d of %d answers changed", a.bad, a.calls);
        if (domcov_open(path, 0, &db2) != DOMCOV_ERR_IO || db2 != NULL ||
            strstr(domcov_errmsg(NULL), "No such file") == NULL)
            harness_fail(h, "deleted-while-open: new open gave '%s'", domcov_errmsg(NULL));
        domcov_close(db2);
    }
    harness_end_case(h);
    domcov_close(db);
    free(before);
    free(other);
}

int main(int argc, char **argv)
{
    harness h = {0};
    ctx c;

    if (argc != 5) {
        fprintf(stderr, "usage: %s UNIT_STORE SAMPLE_STORE CASES.tsv SCRATCH_DIR\n", argv[0]);
        return 2;
    }
    c.store = argv[2];
    if (domcov_open(c.store, 0, &c.db) != DOMCOV_OK) {
        fprintf(stderr, "cannot open %s: %s\n", c.store, domcov_errmsg(NULL));
        return 1;
    }
    mkdir(argv[4], 0755);
    if (harness_run_file(&h, argv[3], run_case, &c) != 0)
        return 1;
    domcov_close(c.db);
    h.file = "store changes";
    store_changes(&h, argv[1], argv[2], argv[4]);
    return harness_finish(&h);
}
