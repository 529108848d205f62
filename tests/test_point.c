/*
 * Point checks against tests/cases/point.tsv on the unit store.
 * Columns: lat, lon, expectations (space-separated key=value):
 *   status=DOMCOV_ERR_ARG          (then nothing else is checked)
 *   internet=active/GPON/inet-b | planned/GPON/inet-planned | none
 *   tv=...                         (same form)
 *   internet_m=716.2~1             geodesic metres to the nearest active zone, tolerance
 *   internet_near=inet-a           the zone that distance refers to
 *   city=testgrad/zone | planovsk/nearest | none
 *   zones=inet-b,inet-a            all covering zones, in result order
 * For status OK cases internet, tv and city must be given.
 * Every case also runs domcov_check_point_status, which must agree with the
 * check (status and message; services without distances, zone_count).
 */
#include "domcov.h"
#include "harness.h"

#include <math.h>

static void check_service(harness *h, const domcov_point_result *r, int s, const char *want)
{
    const domcov_service_result *sr = &r->services[s];
    char got[256];

    if (sr->status == DOMCOV_ZONE_NONE)
        snprintf(got, sizeof got, "none");
    else
        snprintf(got, sizeof got, "%s/%s/%s", domcov_zone_status_name(sr->status), sr->technology,
                 sr->zone_id);
    if (strcmp(got, want) != 0)
        harness_fail(h, "%s: expected %s, got %s", domcov_service_name(s), want, got);
    if (sr->available != (sr->status == DOMCOV_ZONE_ACTIVE))
        harness_fail(h, "%s: available=%d disagrees with status %s", domcov_service_name(s),
                     sr->available, got);
    if (sr->available && sr->distance_m != 0)
        harness_fail(h, "%s: available but distance_m=%g", domcov_service_name(s), sr->distance_m);
}

static void check_distance(harness *h, const domcov_point_result *r, int s, const char *want)
{
    double m, tol = 0.5;
    const char *tilde = strchr(want, '~');

    if (strcmp(want, "none") == 0) {
        if (r->services[s].distance_m != -1)
            harness_fail(h, "%s distance: expected none (-1), got %g", domcov_service_name(s),
                         r->services[s].distance_m);
        return;
    }
    m = strtod(want, NULL);
    if (tilde)
        tol = strtod(tilde + 1, NULL);
    if (!(fabs(r->services[s].distance_m - m) <= tol))
        harness_fail(h, "%s distance: expected %g±%g m, got %.3f", domcov_service_name(s), m, tol,
                     r->services[s].distance_m);
}

static void check_city(harness *h, const domcov_point_result *r, const char *want)
{
    char got[256];

    if (r->city.match == DOMCOV_CITY_NONE)
        snprintf(got, sizeof got, "none");
    else
        snprintf(got, sizeof got, "%s/%s", r->city.code,
                 r->city.match == DOMCOV_CITY_ZONE ? "zone" : "nearest");
    if (strcmp(got, want) != 0)
        harness_fail(h, "city: expected %s, got %s", want, got);
    if (r->city.match != DOMCOV_CITY_NONE && (!r->city.sales_phone || !r->city.support_phone))
        harness_fail(h, "city without phones");
}

static void check_zones(harness *h, const domcov_point_result *r, const char *want)
{
    char got[1024] = "";
    int i;

    for (i = 0; i < r->zone_count; i++) {
        if (i)
            strcat(got, ",");
        strncat(got, r->zones[i].zone_id, sizeof got - strlen(got) - 2);
    }
    if (strcmp(got, want) != 0)
        harness_fail(h, "zones: expected [%s], got [%s]", want, got);
}

/* domcov_check_point_status answers as the check did: status and message, or
 * services (without the distances) and zone_count. */
static void check_status_call(harness *h, const domcov_db *db, double lat, double lon, int want,
                              const domcov_point_result *r)
{
    domcov_point_status st;
    char msg[1024];
    int got, s;

    snprintf(msg, sizeof msg, "%s", domcov_errmsg(db));
    got = domcov_check_point_status(db, lat, lon, &st);
    if (got != want) {
        harness_fail(h, "check_point_status: %s, the check %s", domcov_status_name(got),
                     domcov_status_name(want));
        return;
    }
    if (got != DOMCOV_OK) {
        if (strcmp(msg, domcov_errmsg(db)) != 0)
            harness_fail(h, "check_point_status: message '%s', the check's '%s'", domcov_errmsg(db),
                         msg);
        return;
    }
    if (st.zone_count != r->zone_count)
        harness_fail(h, "check_point_status: zone_count %d, the check's %d", st.zone_count,
                     r->zone_count);
    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
        const domcov_service_status *a = &st.services[s];
        const domcov_service_result *b = &r->services[s];
        if (a->service != b->service || a->available != b->available || a->status != b->status ||
            (a->technology == NULL) != (b->technology == NULL) ||
            (a->technology && strcmp(a->technology, b->technology)) ||
            (a->zone_id == NULL) != (b->zone_id == NULL) || (a->zone_id && strcmp(a->zone_id, b->zone_id)))
            harness_fail(h, "check_point_status: %s differs from the check's", domcov_service_name(s));
    }
}

static void run_case(harness *h, char **cols, int n, void *ctx)
{
    domcov_db *db = ctx;
    domcov_point_result *r = NULL;
    double lat, lon;
    char *tok, *save = NULL;
    int status, seen_internet = 0, seen_tv = 0, seen_city = 0;
    const char *want_status = "DOMCOV_OK";

    if (n < 3) {
        harness_fail(h, "expected 3 columns");
        return;
    }
    lat = strtod(cols[0], NULL);
    lon = strtod(cols[1], NULL);
    if (strstr(cols[2], "status=")) {
        want_status = strstr(cols[2], "status=") + 7;
    }
    status = domcov_check_point(db, lat, lon, &r);
    if (strncmp(domcov_status_name(status), want_status, strlen(domcov_status_name(status))) != 0 ||
        strlen(domcov_status_name(status)) != strcspn(want_status, " ")) {
        harness_fail(h, "status: expected %s, got %s (%s)", want_status, domcov_status_name(status),
                     domcov_errmsg(db));
        goto cleanup;
    }
    check_status_call(h, db, lat, lon, status, r);
    if (status != DOMCOV_OK) {
        if (r != NULL)
            harness_fail(h, "result not NULL on failure");
        if (*domcov_errmsg(db) == '\0')
            harness_fail(h, "no error message on failure");
        goto cleanup;
    }
    for (tok = strtok_r(cols[2], " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        if (eq == NULL) {
            harness_fail(h, "bad expectation '%s'", tok);
            continue;
        }
        *eq++ = '\0';
        if (strcmp(tok, "internet") == 0)
            check_service(h, r, DOMCOV_SERVICE_INTERNET, eq), seen_internet = 1;
        else if (strcmp(tok, "tv") == 0)
            check_service(h, r, DOMCOV_SERVICE_TV, eq), seen_tv = 1;
        else if (strcmp(tok, "internet_m") == 0)
            check_distance(h, r, DOMCOV_SERVICE_INTERNET, eq);
        else if (strcmp(tok, "tv_m") == 0)
            check_distance(h, r, DOMCOV_SERVICE_TV, eq);
        else if (strcmp(tok, "internet_near") == 0 || strcmp(tok, "tv_near") == 0) {
            int s = tok[0] == 'i' ? DOMCOV_SERVICE_INTERNET : DOMCOV_SERVICE_TV;
            const char *got = r->services[s].nearest_zone_id;
            if (got == NULL || strcmp(got, eq) != 0)
                harness_fail(h, "%s: expected %s, got %s", tok, eq, got ? got : "NULL");
        } else if (strcmp(tok, "city") == 0)
            check_city(h, r, eq), seen_city = 1;
        else if (strcmp(tok, "zones") == 0)
            check_zones(h, r, eq);
        else if (strcmp(tok, "status") != 0)
            harness_fail(h, "unknown expectation '%s'", tok);
    }
    if (!seen_internet || !seen_tv || !seen_city)
        harness_fail(h, "a case must state internet=, tv= and city=");
cleanup:
    domcov_point_result_free(r);
}

int main(int argc, char **argv)
{
    harness h = {0};
    domcov_db *db = NULL;
    double m;

    if (argc != 3) {
        fprintf(stderr, "usage: %s STORE CASES.tsv\n", argv[0]);
        return 2;
    }
    if (domcov_open(argv[1], 0, &db) != DOMCOV_OK) {
        fprintf(stderr, "cannot open %s: %s\n", argv[1], domcov_errmsg(NULL));
        return 1;
    }
    if (harness_run_file(&h, argv[2], run_case, db) != 0)
        return 1;

    /* Known geodesic distances on WGS84: one degree along the equator is
     * a*pi/180 = 111319.491 m; one degree of meridian from the equator is
     * 110574.389 m (the meridian arc of the WGS84 ellipsoid). */
    h.file = "geodesic";
    harness_begin_case(&h);
    if (domcov_distance_m(0, 0, 0, 1, &m) != DOMCOV_OK || fabs(m - 111319.491) > 0.001)
        harness_fail(&h, "equator degree: got %.4f", m);
    if (domcov_distance_m(0, 0, 1, 0, &m) != DOMCOV_OK || fabs(m - 110574.389) > 0.001)
        harness_fail(&h, "meridian degree: got %.4f", m);
    if (domcov_distance_m(NAN, 0, 1, 0, &m) != DOMCOV_ERR_ARG)
        harness_fail(&h, "NaN accepted by domcov_distance_m");
    harness_end_case(&h);

    /* Flags leave out the distance and the city, nothing else. */
    h.file = "check flags";
    harness_begin_case(&h);
    {
        domcov_point_result *full = NULL, *lean = NULL;
        if (domcov_check_point(db, 50.05, 30.09, &full) != DOMCOV_OK ||
            domcov_check_point_ex(db, 50.05, 30.09, DOMCOV_CHECK_NO_DISTANCE | DOMCOV_CHECK_NO_CITY,
                                  &lean) != DOMCOV_OK)
            harness_fail(&h, "check failed: %s", domcov_errmsg(db));
        else if (lean->zone_count != full->zone_count || strcmp(lean->zones[0].zone_id, full->zones[0].zone_id) ||
                 lean->services[0].available != full->services[0].available ||
                 lean->services[1].status != full->services[1].status ||
                 lean->services[1].distance_m != -1 || lean->services[1].nearest_zone_id != NULL ||
                 full->services[1].distance_m <= 0 || lean->city.match != DOMCOV_CITY_NONE ||
                 full->city.match != DOMCOV_CITY_ZONE)
            harness_fail(&h, "flags changed more than distance and city");
        domcov_point_result_free(full);
        domcov_point_result_free(lean);
        if (domcov_check_point_ex(db, 50.05, 30.09, 0x80, &lean) != DOMCOV_ERR_ARG)
            harness_fail(&h, "unknown flag accepted");
    }
    harness_end_case(&h);
    domcov_close(db);
    return harness_finish(&h);
}
