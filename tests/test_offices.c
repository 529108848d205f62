/*
 * Offices: imports (CSV and GeoJSON, upsert by id) and nearest-office
 * queries against tests/cases/offices.tsv.  Lines, in order, on one store
 * that starts as a copy of the unit store (which has no offices):
 *   reset                                      a fresh copy of the unit store
 *   import  FIXTURE OPTIONS STATUS COUNTS [CHECKS]   like tests/cases/import.tsv
 *           (options: strict=1 crs=...; counts read= imported= updated= rejected=; checks msg~ err~ unchanged)
 *   near    LAT,LON LIMIT KIND STATUS EXPECT [CHECKS]
 *           KIND any|office|terminal|a number; EXPECT "id@metres ..." nearest first (±0.01 m), or -
 *           checks ' ;; '-separated ID:FIELD=VALUE (name, address, hours, city, kind), err~TEXT
 *   crosscheck OFFICES QUERIES   generated offices; every answer equals a brute-force
 *           search over all offices; prints the query latency
 * Usage: test_offices UNIT_STORE CASES FIXTURES_DIR SCRATCH_DIR
 */
#include "domcov.h"
#include "file_util.h"
#include "harness.h"

#include <math.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

typedef struct ctx {
    const char *unit, *fixtures, *scratch;
    char store[1024];
} ctx;

static uint64_t checksum(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint64_t x = 1469598103934665603ULL;
    int c;

    if (f == NULL)
        return 0;
    while ((c = getc(f)) != EOF)
        x = (x ^ (unsigned char)c) * 1099511628211ULL;
    fclose(f);
    return x;
}

static const char *opt(const char *list, const char *key, char *buf, size_t size)
{
    const char *p = strstr(list, key);
    size_t kl = strlen(key), n;

    if (p == NULL || p[kl] != '=')
        return NULL;
    n = strcspn(p + kl + 1, " ");
    snprintf(buf, size, "%.*s", (int)n, p + kl + 1);
    return buf;
}

static void do_import(harness *h, ctx *x, char **cols, int n)
{
    static const char *const keys[] = {"read", "imported", "updated", "rejected"};
    domcov_office_import_options o;
    domcov_import_report *r = NULL;
    char path[1024], crs[64], buf[32], err[1024];
    long long got[4];
    uint64_t before = checksum(x->store);
    int status, i;

    if (n < 5) {
        harness_fail(h, "import needs at least 5 columns");
        return;
    }
    memset(&o, 0, sizeof o);
    o.crs = opt(cols[2], "crs", crs, sizeof crs);
    o.flags = strstr(cols[2], "strict=1") ? DOMCOV_IMPORT_STRICT : 0;
    snprintf(path, sizeof path, "%s/%s", x->fixtures, cols[1]);
    status = domcov_import_offices(x->store, path, &o, &r);
    snprintf(err, sizeof err, "%s", domcov_errmsg(NULL));
    if (strcmp(domcov_status_name(status), cols[3]) != 0)
        harness_fail(h, "expected %s, got %s: %s", cols[3], domcov_status_name(status), err);
    if (r) {
        got[0] = r->read, got[1] = r->imported, got[2] = r->updated, got[3] = r->rejected;
        for (i = 0; i < 4; i++)
            if (opt(cols[4], keys[i], buf, sizeof buf) && atoll(buf) != got[i])
                harness_fail(h, "%s: expected %s, got %lld", keys[i], buf, got[i]);
    } else if (strcmp(cols[4], "-") != 0) {
        harness_fail(h, "no report");
    }
    if (n > 5) {
        char *c = cols[5], *next;
        for (; c && *c; c = next) {
            next = strstr(c, " ;; ");
            if (next) {
                *next = '\0';
                next += 4;
            }
            if (strncmp(c, "msg~", 4) == 0) {
                int found = 0;
                for (i = 0; r && i < r->message_count; i++)
                    found |= strstr(r->messages[i], c + 4) != NULL;
                if (!found)
                    harness_fail(h, "no message contains '%s'", c + 4);
            } else if (strncmp(c, "err~", 4) == 0) {
                if (strstr(err, c + 4) == NULL)
                    harness_fail(h, "error '%s' lacks '%s'", err, c + 4);
            } else if (strcmp(c, "unchanged") == 0) {
                if (checksum(x->store) != before)
                    harness_fail(h, "the store changed");
            } else if (*c) {
                harness_fail(h, "unknown check '%s'", c);
            }
        }
    }
    domcov_import_report_free(r);
}

static const char *field(const domcov_office *o, const char *name, char *buf, size_t size)
{
    if (strcmp(name, "name") == 0) return o->name;
    if (strcmp(name, "address") == 0) return o->address;
    if (strcmp(name, "hours") == 0) return o->hours;
    if (strcmp(name, "city") == 0) return o->city_code ? o->city_code : "null";
    if (strcmp(name, "kind") == 0) return domcov_office_kind_name(o->kind);
    if (strcmp(name, "lat") == 0 || strcmp(name, "lon") == 0) {
        snprintf(buf, size, "%.9f", name[1] == 'a' ? o->lat : o->lon);
        return buf;
    }
    return "?";
}

static void do_near(harness *h, ctx *x, char **cols, int n)
{
    domcov_db *db = NULL;
    domcov_office_list *l = NULL;
    double lat, lon;
    int kind, status, i = 0;
    char got[4096] = "", *want, *tok, *save = NULL, buf[64];

    if (n < 6 || sscanf(cols[1], "%lf,%lf", &lat, &lon) != 2) {
        harness_fail(h, "near needs LAT,LON LIMIT KIND STATUS EXPECT");
        return;
    }
    kind = strcmp(cols[3], "any") == 0 ? DOMCOV_OFFICE_ANY
           : strcmp(cols[3], "office") == 0 ? DOMCOV_OFFICE_OFFICE
           : strcmp(cols[3], "terminal") == 0 ? DOMCOV_OFFICE_TERMINAL
                                              : atoi(cols[3]);
    if (domcov_open(x->store, DOMCOV_OPEN_DEFAULT, &db) != DOMCOV_OK) {
        harness_fail(h, "open: %s", domcov_errmsg(NULL));
        return;
    }
    status = domcov_nearest_offices(db, lat, lon, atoi(cols[2]), kind, &l);
    if (strcmp(domcov_status_name(status), cols[4]) != 0)
        harness_fail(h, "expected %s, got %s: %s", cols[4], domcov_status_name(status), domcov_errmsg(db));
    if (l) {
        for (i = 0; i < l->count; i++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s@%.3f", i ? " " : "",
                     l->offices[i].id, l->offices[i].distance_m);
        want = strdup(cols[5]);
        i = 0;
        for (tok = strtok_r(want, " ", &save); tok && strcmp(tok, "-") != 0; tok = strtok_r(NULL, " ", &save), i++) {
            char *at = strchr(tok, '@');
            if (at)
                *at = '\0';
            if (i >= l->count || strcmp(l->offices[i].id, tok) != 0 ||
                (at && fabs(l->offices[i].distance_m - atof(at + 1)) > 0.01)) {
                harness_fail(h, "got %s; expected %s", got, cols[5]);
                break;
            }
        }
        if (!h->case_failed && i != l->count)
            harness_fail(h, "got %d offices (%s); expected %d", l->count, got, i);
        free(want);
        if (l->lat != lat || l->lon != lon)
            harness_fail(h, "the list's point is (%g, %g)", l->lat, l->lon);
    }
    if (n > 6) {
        char *c = cols[6], *next;
        for (; c && *c; c = next) {
            char id[128], key[32], *colon, *eq;
            next = strstr(c, " ;; ");
            if (next) {
                *next = '\0';
                next += 4;
            }
            if (strncmp(c, "err~", 4) == 0) {
                if (strstr(domcov_errmsg(db), c + 4) == NULL)
                    harness_fail(h, "error '%s' lacks '%s'", domcov_errmsg(db), c + 4);
                continue;
            }
            colon = strchr(c, ':');
            eq = colon ? strchr(colon, '=') : NULL;
            if (!eq || !l) {
                harness_fail(h, "bad check '%s'", c);
                continue;
            }
            snprintf(id, sizeof id, "%.*s", (int)(colon - c), c);
            snprintf(key, sizeof key, "%.*s", (int)(eq - colon - 1), colon + 1);
            for (i = 0; i < l->count && strcmp(l->offices[i].id, id) != 0; i++)
                ;
            if (i == l->count)
                harness_fail(h, "office %s is not in the answer", id);
            else if (strcmp(field(&l->offices[i], key, buf, sizeof buf), eq + 1) != 0)
                harness_fail(h, "office %s: %s is '%s', expected '%s'", id, key,
                             field(&l->offices[i], key, buf, sizeof buf), eq + 1);
        }
    }
    domcov_office_list_free(l);
    domcov_close(db);
}

/* A deterministic generator, so failures reproduce. */
static double rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

typedef struct pt {
    char id[16];
    int kind;
    double lat, lon, d;
} pt;

static int cmp_pt(const void *a, const void *b)
{
    const pt *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* CPU time of this thread: latency figures that a busy machine does not inflate. */
static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void do_crosscheck(harness *h, ctx *x, char **cols, int n)
{
    int count = n > 1 ? atoi(cols[1]) : 10000, queries = n > 2 ? atoi(cols[2]) : 500, i, q, k;
    char csv[1024];
    pt *all = calloc((size_t)count, sizeof *all), *cand = calloc((size_t)count, sizeof *cand);
    uint64_t seed = 42;
    domcov_import_report *r = NULL;
    domcov_db *db = NULL;
    FILE *f;
    double t;
    long long total = 0;

    snprintf(csv, sizeof csv, "%s/generated-offices.csv", x->scratch);
    f = fopen(csv, "w");
    if (f == NULL || all == NULL || cand == NULL) {
        harness_fail(h, "cannot write %s", csv);
        goto cleanup;
    }
    fprintf(f, "id,city,kind,name,address,hours,lat,lon\n");
    for (i = 0; i < count; i++) {
        /* Russia-sized spread, in clusters of ten like the offices of a city. */
        double lat = 45 + 15 * rnd(&seed), lon = 30 + 100 * rnd(&seed);
        if (i % 10 != 0) {
            lat = all[i - 1].lat + (rnd(&seed) - 0.5) * 0.2;
            lon = all[i - 1].lon + (rnd(&seed) - 0.5) * 0.3;
        }
        snprintf(all[i].id, sizeof all[i].id, "g%06d", i);
        all[i].kind = i % 3 == 0 ? DOMCOV_OFFICE_OFFICE : DOMCOV_OFFICE_TERMINAL;
        all[i].lat = round(lat * 1e6) / 1e6;
        all[i].lon = round(lon * 1e6) / 1e6;
        fprintf(f, "%s,,%s,Point %d,Address %d,,%.6f,%.6f\n", all[i].id,
                all[i].kind == DOMCOV_OFFICE_OFFICE ? "office" : "terminal", i, i, all[i].lat, all[i].lon);
    }
    fclose(f);
    if (copy_file(x->unit, x->store) != 0 || domcov_import_offices(x->store, csv, NULL, &r) != DOMCOV_OK ||
        r->imported != count || domcov_open(x->store, DOMCOV_OPEN_DEFAULT, &db) != DOMCOV_OK) {
        harness_fail(h, "cannot import %d generated offices: %s", count, domcov_errmsg(NULL));
        goto cleanup;
    }
    for (q = 0; q < queries && !h->case_failed; q++) {
        double lat = 44 + 17 * rnd(&seed), lon = 28 + 104 * rnd(&seed);
        int limit = 1 + q % 10, kind = q % 3, m = 0;
        domcov_office_list *l = NULL;

        if (domcov_nearest_offices(db, lat, lon, limit, kind, &l) != DOMCOV_OK) {
            harness_fail(h, "query %d: %s", q, domcov_errmsg(db));
            break;
        }
        for (i = 0; i < count; i++)
            if (kind == DOMCOV_OFFICE_ANY || all[i].kind == kind) {
                cand[m] = all[i];
                domcov_distance_m(lat, lon, all[i].lat, all[i].lon, &cand[m].d);
                m++;
            }
        qsort(cand, (size_t)m, sizeof *cand, cmp_pt);
        if (l->count != (m < limit ? m : limit))
            harness_fail(h, "query %d: %d offices, expected %d", q, l->count, limit);
        for (k = 0; k < l->count && k < m; k++)
            if (strcmp(l->offices[k].id, cand[k].id) != 0 || l->offices[k].distance_m != cand[k].d) {
                harness_fail(h, "query %d (%.6f, %.6f, limit %d, kind %d): #%d is %s at %.3f m, brute "
                             "force says %s at %.3f m", q, lat, lon, limit, kind, k, l->offices[k].id,
                             l->offices[k].distance_m, cand[k].id, cand[k].d);
                break;
            }
        domcov_office_list_free(l);
    }
    printf("# %d queries agree with a brute-force search over %d offices\n", q, count);
    t = now_s();
    for (q = 0; q < 20000; q++) {
        domcov_office_list *l = NULL;
        domcov_nearest_offices(db, 44 + 17 * rnd(&seed), 28 + 104 * rnd(&seed), 5, DOMCOV_OFFICE_ANY, &l);
        total += l ? l->count : 0;
        domcov_office_list_free(l);
    }
    t = now_s() - t;
    printf("# nearest 5 of %d offices, anywhere: %.1f us CPU per query (%lld results)\n", count,
           t / 20000 * 1e6, total);
    t = now_s();
    for (q = 0; q < 20000; q++) {
        /* A point in town: near some office, as chat users mostly are. */
        const pt *o = &all[(int)(rnd(&seed) * count) % count];
        domcov_office_list *l = NULL;
        domcov_nearest_offices(db, o->lat + (rnd(&seed) - 0.5) * 0.05, o->lon + (rnd(&seed) - 0.5) * 0.05, 5,
                               DOMCOV_OFFICE_ANY, &l);
        domcov_office_list_free(l);
    }
    printf("# nearest 5 of %d offices, in town: %.1f us CPU per query\n", count, (now_s() - t) / 20000 * 1e6);
cleanup:
    domcov_import_report_free(r);
    domcov_close(db);
    free(all);
    free(cand);
}

static void run_line(harness *h, char **cols, int n, void *arg)
{
    ctx *x = arg;

    if (strcmp(cols[0], "reset") == 0) {
        if (copy_file(x->unit, x->store) != 0)
            harness_fail(h, "cannot copy the unit store");
    } else if (strcmp(cols[0], "import") == 0) {
        do_import(h, x, cols, n);
    } else if (strcmp(cols[0], "near") == 0) {
        do_near(h, x, cols, n);
    } else if (strcmp(cols[0], "crosscheck") == 0) {
        do_crosscheck(h, x, cols, n);
    } else {
        harness_fail(h, "unknown line type '%s'", cols[0]);
    }
}

int main(int argc, char **argv)
{
    harness h = {0};
    ctx x;

    if (argc != 5) {
        fprintf(stderr, "usage: test_offices UNIT_STORE CASES FIXTURES_DIR SCRATCH_DIR\n");
        return 2;
    }
    x.unit = argv[1];
    x.fixtures = argv[3];
    x.scratch = argv[4];
    mkdir(x.scratch, 0755);
    snprintf(x.store, sizeof x.store, "%s/offices.sqlite", x.scratch);
    if (copy_file(x.unit, x.store) != 0 || harness_run_file(&h, argv[2], run_line, &x) != 0)
        return 2;
    return harness_finish(&h);
}
