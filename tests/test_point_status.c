/*
 * domcov_check_point_status against domcov_check_point_ex with the
 * status-only flags, on the point sets of tests/cases/point_status.tsv:
 * at every point the same services[] (service, available, status,
 * technology, zone_id) and zone_count, the internal dc_point_status the
 * same again, and no heap allocation while at most DC_POINT_INLINE_HITS
 * zones cover the point (malloc is counted through glibc's __libc_*).
 *
 * Columns: store, point set, parameter, expectations.
 *   store:  sample | unit | stacked (the unit store plus STACKED_ZONES nested
 *           squares around STACK_LAT, STACK_LON: more hits than fit inline)
 *   sets:   random-bbox N     N random points over the zones' bbox widened by 10%
 *           random-cities N   N random points within 0.1 degree of each city centre
 *           random-zones N    N random points in each zone's bounding box
 *           vertices -        every vertex of every zone
 *           edges D           every edge's midpoint and the points D degrees either
 *                             side of it, across the edge
 *           grid N            an N x N lattice over the zones' bbox
 *   expectations (key>=number, space-separated): points, covered (a service
 *           available), planned (a service only planned), spilled (more hits
 *           than fit inline): each set must reach them, so a set cannot pass
 *           by being empty or missing what it is there for.
 *
 * Then the argument checks: NULL out, NULL db, coordinates out of range, each
 * with domcov_check_point_ex's status and message.
 *
 * Usage: test_point_status UNIT_STORE SAMPLE_STORE CASES.tsv SCRATCH_DIR
 */
#include "domcov.h"
#include "harness.h"
#include "import_util.h"
#include "point_status.h"
#include "store/store.h"
#include "test_random.h"

#include <math.h>
#include <stdint.h>

#define STACKED_ZONES 40
#define STACK_LAT 50.62
#define STACK_LON 31.2

/* ------------------------------------------------------------ allocation counter */

/* A sanitizer brings its own allocator (strdup and posix_memalign inside the
 * library go to it): replacing malloc/free with glibc's then mixes the two. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define DC_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define DC_SANITIZED 1
#endif
#endif

#if defined(__GLIBC__) && !defined(DC_SANITIZED)
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static long allocations;

void *malloc(size_t n)
{
    allocations++;
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    allocations++;
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    allocations++;
    return __libc_realloc(p, n);
}

void free(void *p)
{
    __libc_free(p);
}
#define COUNTS_ALLOCATIONS 1
#else
static long allocations;
#define COUNTS_ALLOCATIONS 0
#endif

/* ------------------------------------------------------------ comparison */

typedef struct tally {
    long points, covered, planned, spilled, disagreements;
} tally;

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static void describe(char *buf, size_t size, const domcov_point_status *st)
{
    const domcov_service_status *i = &st->services[0], *t = &st->services[1];

    snprintf(buf, size, "zones %d; internet %d/%d/%s/%s/%s; tv %d/%d/%s/%s/%s", st->zone_count,
             i->service, i->available, domcov_zone_status_name(i->status),
             i->technology ? i->technology : "NULL", i->zone_id ? i->zone_id : "NULL", t->service,
             t->available, domcov_zone_status_name(t->status), t->technology ? t->technology : "NULL",
             t->zone_id ? t->zone_id : "NULL");
}

/* The status as domcov_check_point_ex tells it. */
static void status_of_result(const domcov_point_result *r, domcov_point_status *out)
{
    int s;

    memset(out, 0, sizeof *out);
    out->zone_count = r->zone_count;
    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
        out->services[s].service = r->services[s].service;
        out->services[s].available = r->services[s].available;
        out->services[s].status = r->services[s].status;
        out->services[s].technology = r->services[s].technology;
        out->services[s].zone_id = r->services[s].zone_id;
    }
}

static int same_status(const domcov_point_status *a, const domcov_point_status *b)
{
    int s;

    if (a->zone_count != b->zone_count)
        return 0;
    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
        const domcov_service_status *x = &a->services[s], *y = &b->services[s];
        if (x->service != y->service || x->available != y->available || x->status != y->status ||
            !same_str(x->technology, y->technology) || !same_str(x->zone_id, y->zone_id))
            return 0;
    }
    return 1;
}

static void compare(harness *h, const domcov_db *db, double lat, double lon, tally *t)
{
    domcov_point_result *r = NULL;
    domcov_point_status want, got, internal;
    long before;
    int rc, s;
    char a[512], b[512];

    t->points++;
    if (domcov_check_point_ex(db, lat, lon, DOMCOV_CHECK_NO_DISTANCE | DOMCOV_CHECK_NO_CITY, &r) !=
        DOMCOV_OK) {
        harness_fail(h, "(%.12g, %.12g): domcov_check_point_ex failed: %s", lat, lon,
                     domcov_errmsg(db));
        t->disagreements++;
        return;
    }
    status_of_result(r, &want); /* its strings are r's: r is freed last */

    before = allocations;
    rc = domcov_check_point_status(db, lat, lon, &got);
    if (rc == DOMCOV_OK && got.zone_count <= DC_POINT_INLINE_HITS && allocations != before) {
        if (t->disagreements < 10)
            harness_fail(h, "(%.12g, %.12g): %ld allocation(s) for %d hits", lat, lon,
                         allocations - before, got.zone_count);
        h->case_failed = 1;
        t->disagreements++;
    }
    memset(&internal, 0x5a, sizeof internal);
    if (rc != DOMCOV_OK || dc_point_status(db, lat, lon, &internal) != DOMCOV_OK) {
        harness_fail(h, "(%.12g, %.12g): status call failed: %s", lat, lon, domcov_errmsg(db));
        t->disagreements++;
        domcov_point_result_free(r);
        return;
    }
    if (!same_status(&got, &want) || !same_status(&internal, &want)) {
        if (t->disagreements < 10) {
            describe(a, sizeof a, &want);
            describe(b, sizeof b, same_status(&got, &want) ? &internal : &got);
            harness_fail(h, "(%.17g, %.17g): check_point_ex says %s; %s says %s", lat, lon, a,
                         same_status(&got, &want) ? "dc_point_status" : "check_point_status", b);
        } else {
            h->case_failed = 1;
        }
        t->disagreements++;
    }
    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
        t->covered += got.services[s].available;
        t->planned += got.services[s].status == DOMCOV_ZONE_PLANNED && !got.services[s].available;
    }
    t->spilled += got.zone_count > DC_POINT_INLINE_HITS;
    domcov_point_result_free(r);
}

/* ------------------------------------------------------------ point sets */

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void run_set(harness *h, const domcov_db *db, const char *set, const char *param, tally *t)
{
    const dc_bbox *bb = &db->zone_index.bbox;
    double w = bb->maxx - bb->minx, hgt = bb->maxy - bb->miny;
    long n = strtol(param, NULL, 10), i, j;
    uint32_t z, v;

    if (strcmp(set, "random-bbox") == 0) {
        for (i = 0; i < n; i++)
            compare(h, db, clamp(bb->miny - 0.05 * hgt + 1.1 * hgt * rnd(), -90, 90),
                    clamp(bb->minx - 0.05 * w + 1.1 * w * rnd(), -180, 180), t);
    } else if (strcmp(set, "random-cities") == 0) {
        for (z = 0; z < db->ncities; z++)
            for (i = 0; i < n; i++)
                compare(h, db, clamp(db->cities[z].lat - 0.1 + 0.2 * rnd(), -90, 90),
                        clamp(db->cities[z].lon - 0.1 + 0.2 * rnd(), -180, 180), t);
    } else if (strcmp(set, "random-zones") == 0) {
        for (z = 0; z < db->nzones; z++) {
            const dc_bbox *zb = &db->zones[z].geom.bbox;
            for (i = 0; i < n; i++)
                compare(h, db, zb->miny + (zb->maxy - zb->miny) * rnd(),
                        zb->minx + (zb->maxx - zb->minx) * rnd(), t);
        }
    } else if (strcmp(set, "vertices") == 0) {
        for (z = 0; z < db->nzones; z++)
            for (v = 0; v < db->zones[z].geom.nvertices; v++)
                compare(h, db, db->zones[z].geom.xy[2 * v + 1], db->zones[z].geom.xy[2 * v], t);
    } else if (strcmp(set, "edges") == 0) {
        double d = strtod(param, NULL);
        for (z = 0; z < db->nzones; z++) {
            const dc_mpoly *g = &db->zones[z].geom;
            uint32_t r;
            for (r = 0; r < g->nrings; r++)
                for (v = g->rings[r].start; v + 1 < g->rings[r].start + g->rings[r].count; v++) {
                    double x1 = g->xy[2 * v], y1 = g->xy[2 * v + 1];
                    double x2 = g->xy[2 * v + 2], y2 = g->xy[2 * v + 3];
                    double mx = (x1 + x2) / 2, my = (y1 + y2) / 2, len = hypot(x2 - x1, y2 - y1);
                    double nx = len > 0 ? -(y2 - y1) / len : 0, ny = len > 0 ? (x2 - x1) / len : 0;
                    compare(h, db, my, mx, t);
                    compare(h, db, my + d * ny, mx + d * nx, t);
                    compare(h, db, my - d * ny, mx - d * nx, t);
                }
        }
    } else if (strcmp(set, "grid") == 0) {
        for (i = 0; i <= n; i++)
            for (j = 0; j <= n; j++)
                compare(h, db, bb->miny + hgt * (double)i / (double)n,
                        bb->minx + w * (double)j / (double)n, t);
    } else {
        harness_fail(h, "unknown point set '%s'", set);
    }
}

/* The stores the case file names, opened by main. */
enum { UNIT, SAMPLE, STACKED, NSTORES };
static const char *const store_names[NSTORES] = {"unit", "sample", "stacked"};

static void expect(harness *h, const char *expectations, const tally *t)
{
    char buf[256], *tok, *save = NULL;

    snprintf(buf, sizeof buf, "%s", expectations);
    for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *ge = strstr(tok, ">=");
        long want, got;
        if (ge == NULL) {
            harness_fail(h, "bad expectation '%s'", tok);
            continue;
        }
        *ge = '\0';
        want = strtol(ge + 2, NULL, 10);
        if (strcmp(tok, "points") == 0)
            got = t->points;
        else if (strcmp(tok, "covered") == 0)
            got = t->covered;
        else if (strcmp(tok, "planned") == 0)
            got = t->planned;
        else if (strcmp(tok, "spilled") == 0)
            got = t->spilled;
        else {
            harness_fail(h, "unknown expectation '%s'", tok);
            continue;
        }
        if (got < want)
            harness_fail(h, "%s: %ld, expected at least %ld", tok, got, want);
    }
}

static void run_case(harness *h, char **cols, int n, void *ctx)
{
    domcov_db *const *dbs = ctx;
    tally t = {0};
    int i;

    if (n < 4) {
        harness_fail(h, "expected 4 columns");
        return;
    }
    for (i = 0; i < NSTORES && strcmp(cols[0], store_names[i]) != 0; i++)
        ;
    if (i == NSTORES) {
        harness_fail(h, "unknown store '%s'", cols[0]);
        return;
    }
    run_set(h, dbs[i], cols[1], cols[2], &t);
    expect(h, cols[3], &t);
    printf("%s %s %s: %ld points, %ld disagreements (%ld covered, %ld planned, %ld spilled)\n",
           cols[0], cols[1], cols[2], t.points, t.disagreements, t.covered, t.planned, t.spilled);
}

/* ------------------------------------------------------------ the stacked store */

/* The unit store plus STACKED_ZONES nested squares around the stack point: internet and tv,
 * active and planned, several technologies, so the best zone is found among many hits. */
static domcov_db *open_stacked(const char *unit, const char *scratch)
{
    static const char *const techs[] = {"DOCSIS", "FTTB", "GPON", "FTTH", "ADSL"};
    char store[4096], zones[4096];
    domcov_import_report *rep = NULL;
    domcov_db *db = NULL;
    FILE *f;
    int k, rc;

    mkdir(scratch, 0755);
    snprintf(store, sizeof store, "%s/stacked.sqlite", scratch);
    snprintf(zones, sizeof zones, "%s/stacked.geojson", scratch);
    remove(store);
    if (copy_file(unit, store) != 0 || (f = fopen(zones, "w")) == NULL)
        return NULL;
    fprintf(f, "{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (k = 0; k < STACKED_ZONES; k++) {
        double r = 0.001 * (k + 1);
        fprintf(f, "%s{\"type\":\"Feature\",\"properties\":{\"id\":\"stack-%02d\",\"service\":\"%s\","
                   "\"technology\":\"%s\",\"status\":\"%s\",\"city\":\"testgrad\"},"
                   "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.6f,%.6f],[%.6f,%.6f],"
                   "[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]}}\n",
                k ? "," : "", k, k % 3 == 2 ? "tv" : "internet", techs[k % 5],
                k % 4 == 3 || k < 2 ? "planned" : "active", STACK_LON - r, STACK_LAT - r,
                STACK_LON + r, STACK_LAT - r, STACK_LON + r, STACK_LAT + r, STACK_LON - r,
                STACK_LAT + r, STACK_LON - r, STACK_LAT - r);
    }
    fprintf(f, "]}\n");
    fclose(f);
    rc = domcov_import_zones(store, zones, NULL, &rep);
    domcov_import_report_free(rep);
    if (rc != DOMCOV_OK || domcov_open(store, 0, &db) != DOMCOV_OK) {
        fprintf(stderr, "stacked store: %s\n", domcov_errmsg(NULL));
        return NULL;
    }
    return db;
}

/* ------------------------------------------------------------ argument checks */

static void same_failure(harness *h, domcov_db *db, double lat, double lon, int null_db)
{
    domcov_point_result *r = NULL;
    domcov_point_status st;
    char msg[1024];
    int want, got, s;

    want = domcov_check_point_ex(null_db ? NULL : db, lat, lon, 0, &r);
    snprintf(msg, sizeof msg, "%s", domcov_errmsg(NULL));
    memset(&st, 0x5a, sizeof st);
    got = domcov_check_point_status(null_db ? NULL : db, lat, lon, &st);
    if (want != DOMCOV_ERR_ARG || got != want)
        harness_fail(h, "(%g, %g%s): ex %s, status %s", lat, lon, null_db ? ", NULL db" : "",
                     domcov_status_name(want), domcov_status_name(got));
    if (strcmp(msg, domcov_errmsg(NULL)) != 0 || msg[0] == '\0')
        harness_fail(h, "(%g, %g): messages differ: '%s' / '%s'", lat, lon, msg, domcov_errmsg(NULL));
    if (!null_db && strcmp(domcov_errmsg(db), msg) != 0)
        harness_fail(h, "(%g, %g): the message is not tied to the handle", lat, lon);
    if (st.zone_count != 0)
        harness_fail(h, "failure left zone_count %d", st.zone_count);
    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++)
        if (st.services[s].service != s || st.services[s].available ||
            st.services[s].status != DOMCOV_ZONE_NONE || st.services[s].technology ||
            st.services[s].zone_id)
            harness_fail(h, "failure did not leave *out as for an uncovered point");
}

static void argument_checks(harness *h, domcov_db *db)
{
    static const double bad[][2] = {{91, 30}, {-90.000001, 30}, {50, 180.5}, {50, -181},
                                    {NAN, 30}, {50, NAN}, {INFINITY, 30}, {50, -INFINITY}};
    domcov_point_status a, b;
    size_t i;
    char msg[1024];

    h->file = "arguments";
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        h->line = i + 1;
        harness_begin_case(h);
        same_failure(h, db, bad[i][0], bad[i][1], 0);
        harness_end_case(h);
    }
    h->line++;
    harness_begin_case(h);
    same_failure(h, db, 50.02, 30.02, 1);
    if (domcov_check_point_ex(db, 50.02, 30.02, 0, NULL) != DOMCOV_ERR_ARG)
        harness_fail(h, "ex: NULL out accepted");
    snprintf(msg, sizeof msg, "%s", domcov_errmsg(db));
    if (domcov_check_point_status(db, 50.02, 30.02, NULL) != DOMCOV_ERR_ARG)
        harness_fail(h, "status: NULL out accepted");
    if (strcmp(msg, domcov_errmsg(db)) != 0)
        harness_fail(h, "NULL out: messages differ: '%s' / '%s'", msg, domcov_errmsg(db));
    harness_end_case(h);

    /* A success clears the thread's message; the strings are the handle's, the same each call. */
    h->line++;
    harness_begin_case(h);
    if (domcov_check_point_status(db, 50.02, 30.02, &a) != DOMCOV_OK || *domcov_errmsg(NULL))
        harness_fail(h, "a success left a message: '%s'", domcov_errmsg(NULL));
    if (domcov_check_point_status(db, 50.03, 30.03, &b) != DOMCOV_OK ||
        a.services[0].zone_id == NULL || a.services[0].zone_id != b.services[0].zone_id ||
        a.services[0].technology != b.services[0].technology)
        harness_fail(h, "the strings are not the handle's");
    else if (strcmp(a.services[0].zone_id, "inet-a") || strcmp(a.services[1].technology, "DOCSIS"))
        harness_fail(h, "50.02, 30.02: %s, %s", a.services[0].zone_id, a.services[1].technology);
    harness_end_case(h);
}

int main(int argc, char **argv)
{
    harness h = {0};
    domcov_db *dbs[NSTORES] = {NULL};
    int rc = 1, i;

    if (argc != 5) {
        fprintf(stderr, "usage: %s UNIT_STORE SAMPLE_STORE CASES.tsv SCRATCH_DIR\n", argv[0]);
        return 2;
    }
    for (i = UNIT; i <= SAMPLE; i++)
        if (domcov_open(argv[1 + i], 0, &dbs[i]) != DOMCOV_OK) {
            fprintf(stderr, "cannot open %s: %s\n", argv[1 + i], domcov_errmsg(NULL));
            goto done;
        }
    if ((dbs[STACKED] = open_stacked(argv[1], argv[4])) == NULL)
        goto done;
    if (!COUNTS_ALLOCATIONS)
        printf("note: not glibc, or a sanitizer's allocator: allocations are not counted\n");
    if (harness_run_file(&h, argv[3], run_case, dbs) == 0) {
        argument_checks(&h, dbs[UNIT]);
        rc = harness_finish(&h);
    }
done:
    for (i = 0; i < NSTORES; i++)
        domcov_close(dbs[i]);
    return rc;
}
