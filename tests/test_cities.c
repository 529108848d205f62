/*
 * The city API against tests/cases/cities.tsv, then the properties the
 * cases cannot say: every listed city is found again by its code, at the same
 * strings, and those strings outlive other calls on the handle.
 * Usage: test_cities UNIT_STORE SAMPLE_STORE CASES
 */
#include "domcov.h"
#include "harness.h"

#include <stdint.h>

typedef struct ctx {
    domcov_db *unit, *sample;
} ctx;

/* "\xff" escapes in the argument column, for bytes that are not UTF-8. */
static void unescape(const char *in, char *out, size_t size)
{
    size_t n = 0;

    while (*in && n + 1 < size) {
        unsigned v;
        if (in[0] == '\\' && in[1] == 'x' && sscanf(in + 2, "%2x", &v) == 1) {
            out[n++] = (char)v;
            in += 4;
        } else {
            out[n++] = *in++;
        }
    }
    out[n] = '\0';
}

static void check_city(harness *h, const domcov_city *c, const char *want)
{
    char got[1024];

    if (strcmp(want, "none") == 0) {
        if (c->match != DOMCOV_CITY_NONE || c->code || c->name || c->support_phone)
            harness_fail(h, "expected no city, got match %d code %s", c->match, c->code ? c->code : "NULL");
        return;
    }
    if (c->match != DOMCOV_CITY_LOOKUP || c->distance_m != -1)
        harness_fail(h, "match %d, distance %g: expected DOMCOV_CITY_LOOKUP, -1", c->match, c->distance_m);
    snprintf(got, sizeof got, "%s|%s|%s|%s|%s|%s", c->code, c->name, c->type, c->region,
             c->support_phone, c->sales_phone);
    if (strcmp(got, want) != 0)
        harness_fail(h, "got %s, expected %s", got, want);
}

static void run_case(harness *h, char **cols, int n, void *arg)
{
    ctx *x = arg;
    domcov_db *db;
    domcov_city city;
    char text[256];
    int status, count = -1;

    if (n < 5) {
        harness_fail(h, "expected 5 columns, got %d", n);
        return;
    }
    db = strcmp(cols[0], "sample") == 0 ? x->sample : x->unit;
    memset(&city, 0x5a, sizeof city);  /* whatever the call leaves must be set by it */
    unescape(cols[2], text, sizeof text);
    if (strcmp(cols[1], "count") == 0)
        status = domcov_city_count(db, &count);
    else if (strcmp(cols[1], "get") == 0)
        status = domcov_city_get(db, atoi(cols[2]), &city);
    else
        status = domcov_city_find(db, strcmp(text, "(null)") == 0 ? NULL : text, &city);
    if (strcmp(domcov_status_name(status), cols[3]) != 0) {
        harness_fail(h, "expected %s, got %s: %s", cols[3], domcov_status_name(status), domcov_errmsg(db));
        return;
    }
    if (strncmp(cols[4], "err~", 4) == 0) {
        if (strstr(domcov_errmsg(db), cols[4] + 4) == NULL)
            harness_fail(h, "error message '%s' lacks '%s'", domcov_errmsg(db), cols[4] + 4);
    } else if (strcmp(cols[1], "count") == 0) {
        if (count != atoi(cols[4]))
            harness_fail(h, "count %d, expected %s", count, cols[4]);
    } else {
        check_city(h, &city, cols[4]);
    }
}

/* Every city once, found again by code at the very same strings, still there after other calls. */
static void check_listing(harness *h, domcov_db *db)
{
    domcov_city first, again, found;
    domcov_point_result *p = NULL;
    domcov_address_result *a = NULL;
    int i, j, n = 0;

    h->line = 0;
    harness_begin_case(h);
    if (domcov_city_count(db, &n) != DOMCOV_OK || n < 1 || domcov_city_get(db, 0, &first) != DOMCOV_OK)
        harness_fail(h, "listing: %s", domcov_errmsg(db));
    for (i = 0; i < n && !h->case_failed; i++) {
        domcov_city c;
        if (domcov_city_get(db, i, &c) != DOMCOV_OK || domcov_city_find(db, c.code, &found) != DOMCOV_OK)
            harness_fail(h, "city %d: %s", i, domcov_errmsg(db));
        else if (found.code != c.code || found.support_phone != c.support_phone)
            harness_fail(h, "city %d (%s) is found at other strings", i, c.code);
        for (j = 0; j < i && !h->case_failed; j++) {
            domcov_city other;
            domcov_city_get(db, j, &other);
            if (strcmp(other.code, c.code) == 0)
                harness_fail(h, "city code %s is listed twice", c.code);
        }
    }
    if (domcov_check_point(db, 50.02, 30.02, &p) != DOMCOV_OK ||
        domcov_check_address(db, "Тестоград, Ленина 1", NULL, &a) != DOMCOV_OK)
        harness_fail(h, "checks: %s", domcov_errmsg(db));
    domcov_point_result_free(p);
    domcov_address_result_free(a);
    if (domcov_city_get(db, 0, &again) != DOMCOV_OK || again.name != first.name ||
        strcmp(first.name, again.name) != 0)
        harness_fail(h, "the strings of city 0 did not outlive other calls");
    if (domcov_city_count(NULL, &n) != DOMCOV_ERR_ARG || domcov_city_count(db, NULL) != DOMCOV_ERR_ARG ||
        domcov_city_get(db, 0, NULL) != DOMCOV_ERR_ARG || domcov_city_find(NULL, "x", &found) != DOMCOV_ERR_ARG)
        harness_fail(h, "NULL arguments are not DOMCOV_ERR_ARG");
    harness_end_case(h);
}

int main(int argc, char **argv)
{
    harness h = {0};
    ctx x = {NULL, NULL};
    int rc = 2;

    if (argc != 4) {
        fprintf(stderr, "usage: test_cities UNIT_STORE SAMPLE_STORE CASES\n");
        return 2;
    }
    h.file = argv[3];
    if (domcov_open(argv[1], DOMCOV_OPEN_DEFAULT, &x.unit) != DOMCOV_OK ||
        domcov_open(argv[2], DOMCOV_OPEN_DEFAULT, &x.sample) != DOMCOV_OK) {
        fprintf(stderr, "cannot open the stores: %s\n", domcov_errmsg(NULL));
        goto cleanup;
    }
    if (harness_run_file(&h, argv[3], run_case, &x) != 0)
        goto cleanup;
    check_listing(&h, x.unit);
    rc = harness_finish(&h);
cleanup:
    domcov_close(x.unit);
    domcov_close(x.sample);
    return rc;
}
