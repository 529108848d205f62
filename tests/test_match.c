/*
 * Address matching on the sample store: tests/cases/match.tsv lists the
 * text and space-separated expectations:
 *   status=matched|ambiguous|not_found   (required)
 *   level=house_exact|house_partial|street|city|none
 *   house=EXT_ID        the matched house (status matched)
 *   candidate=EXT_ID    this house is among the candidates
 *   candidates>=N       at least N candidates
 *   city=CODE           the matched city
 *   fuzzy=0|1           street found only with typo tolerance
 *   covered=0|1         internet at the house (needs a point)
 *   option_city=CODE    match with this default city
 *   error=DOMCOV_ERR_*  the call fails with this status
 * Every case also goes through domcov_check_address_status, which must give
 * the answer of domcov_check_address_ex with the status-only flags, field by
 * field (and the same error, with *out left as for a text naming nothing).
 */
#include "domcov.h"
#include "harness.h"

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The status call against the full one with the status-only flags. */
static void compare_status_call(harness *h, domcov_db *db, const char *text, const domcov_match_options *opts)
{
    domcov_address_result *r = NULL;
    domcov_address_status st;
    int full = domcov_check_address_ex(db, text, opts, DOMCOV_CHECK_NO_DISTANCE | DOMCOV_CHECK_NO_CITY, &r);
    int status = domcov_check_address_status(db, text, opts, &st), s;

    if (status != full) {
        harness_fail(h, "status call: %s, full call: %s", domcov_status_name(status), domcov_status_name(full));
    } else if (status != DOMCOV_OK) {
        if (st.status != DOMCOV_NOT_FOUND || st.match_level != DOMCOV_MATCH_NONE || st.house_id || st.city_code ||
            st.has_point || st.coverage.zone_count)
            harness_fail(h, "status call failed but left an answer in *out");
    } else {
        const domcov_point_result *cov = r->coverage;
        if (st.status != r->status || st.match_level != r->match_level || st.qc_house != r->qc_house ||
            st.street_fuzzy != r->street_fuzzy || !same_str(st.house_id, r->house_id) ||
            !same_str(st.city_code, r->city_code) || st.has_point != r->has_point ||
            (st.has_point && (st.lat != r->lat || st.lon != r->lon)))
            harness_fail(h, "status call: %s %s qc %d fuzzy %d house %s city %s point %d, "
                            "full call: %s %s qc %d fuzzy %d house %s city %s point %d",
                         domcov_match_status_name(st.status), domcov_match_level_name(st.match_level), st.qc_house,
                         st.street_fuzzy, st.house_id ? st.house_id : "NULL", st.city_code ? st.city_code : "NULL",
                         st.has_point, domcov_match_status_name(r->status), domcov_match_level_name(r->match_level),
                         r->qc_house, r->street_fuzzy, r->house_id ? r->house_id : "NULL",
                         r->city_code ? r->city_code : "NULL", r->has_point);
        if (st.coverage.zone_count != (cov ? cov->zone_count : 0))
            harness_fail(h, "status call: %d covering zones, full call %d", st.coverage.zone_count,
                         cov ? cov->zone_count : 0);
        for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
            const domcov_service_status *a = &st.coverage.services[s];
            const domcov_service_result *b = cov ? &cov->services[s] : NULL;
            if (a->service != s || a->available != (b ? b->available : 0) ||
                a->status != (b ? b->status : DOMCOV_ZONE_NONE) || !same_str(a->technology, b ? b->technology : NULL) ||
                !same_str(a->zone_id, b ? b->zone_id : NULL))
                harness_fail(h, "status call: service %s differs from the full call's", domcov_service_name(s));
        }
    }
    domcov_address_result_free(r);
}

static void run_case(harness *h, char **cols, int n, void *ctx)
{
    domcov_db *db = ctx;
    domcov_address_result *r = NULL;
    domcov_match_options opts = {NULL, 10};
    char expect[4096], *tok, *save = NULL, *text = cols[0];
    char city_opt[128] = "";
    const char *want_error = NULL;
    int status, seen_status = 0, i;

    if (n < 2) {
        harness_fail(h, "expected 2 columns");
        return;
    }
    snprintf(expect, sizeof expect, "%s", cols[1]);
    for (tok = strtok_r(expect, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        if (strncmp(tok, "option_city=", 12) == 0) {
            snprintf(city_opt, sizeof city_opt, "%s", tok + 12);
            opts.default_city = city_opt;
        }
        if (strncmp(tok, "error=", 6) == 0)
            want_error = strstr(cols[1], "error=") + 6;
    }
    compare_status_call(h, db, text, &opts);
    status = domcov_check_address(db, text, &opts, &r);
    if (want_error) {
        size_t len = strcspn(want_error, " ");
        if (strlen(domcov_status_name(status)) != len ||
            strncmp(domcov_status_name(status), want_error, len) != 0)
            harness_fail(h, "expected %.*s, got %s", (int)len, want_error, domcov_status_name(status));
        if (status != DOMCOV_OK && *domcov_errmsg(db) == '\0')
            harness_fail(h, "no message for %s", domcov_status_name(status));
        domcov_address_result_free(r);
        return;
    }
    if (status != DOMCOV_OK) {
        harness_fail(h, "failed: %s (%s)", domcov_status_name(status), domcov_errmsg(db));
        return;
    }
    snprintf(expect, sizeof expect, "%s", cols[1]);
    save = NULL;
    for (tok = strtok_r(expect, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *v = strchr(tok, '=');
        if (strncmp(tok, "candidates>=", 12) == 0) {
            if (r->candidate_count < atoi(tok + 12))
                harness_fail(h, "%d candidates, expected at least %s", r->candidate_count, tok + 12);
            continue;
        }
        if (v == NULL) {
            harness_fail(h, "bad expectation '%s'", tok);
            continue;
        }
        *v++ = '\0';
        if (strcmp(tok, "status") == 0) {
            seen_status = 1;
            if (strcmp(domcov_match_status_name(r->status), v) != 0)
                harness_fail(h, "status %s, expected %s", domcov_match_status_name(r->status), v);
        } else if (strcmp(tok, "level") == 0) {
            if (strcmp(domcov_match_level_name(r->match_level), v) != 0)
                harness_fail(h, "level %s, expected %s", domcov_match_level_name(r->match_level), v);
        } else if (strcmp(tok, "house") == 0) {
            if (r->house_id == NULL || strcmp(r->house_id, v) != 0)
                harness_fail(h, "house %s, expected %s", r->house_id ? r->house_id : "NULL", v);
        } else if (strcmp(tok, "candidate") == 0) {
            int found = 0;
            for (i = 0; i < r->candidate_count; i++)
                found |= r->candidates[i].house_id && strcmp(r->candidates[i].house_id, v) == 0;
            if (!found)
                harness_fail(h, "%s is not among the %d candidates", v, r->candidate_count);
        } else if (strcmp(tok, "city") == 0) {
            if (r->city_code == NULL || strcmp(r->city_code, v) != 0)
                harness_fail(h, "city %s, expected %s", r->city_code ? r->city_code : "NULL", v);
        } else if (strcmp(tok, "fuzzy") == 0) {
            if (r->street_fuzzy != atoi(v))
                harness_fail(h, "street_fuzzy %d, expected %s", r->street_fuzzy, v);
        } else if (strcmp(tok, "covered") == 0) {
            int covered = r->coverage && r->coverage->services[DOMCOV_SERVICE_INTERNET].available;
            if (covered != atoi(v))
                harness_fail(h, "internet covered %d, expected %s", covered, v);
        } else if (strcmp(tok, "option_city") != 0) {
            harness_fail(h, "unknown expectation '%s'", tok);
        }
    }
    if (!seen_status)
        harness_fail(h, "a case must give status=");
    if (h->case_failed)
        fprintf(stderr, "    input: %s -> %s %s %s (parsed street '%s' house '%s')\n", text,
                domcov_match_status_name(r->status), domcov_match_level_name(r->match_level),
                r->address ? r->address : "-", r->parsed->street ? r->parsed->street : "",
                r->parsed->house ? r->parsed->house : "");
    domcov_address_result_free(r);
}

int main(int argc, char **argv)
{
    harness h = {0};
    domcov_db *db = NULL;

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
    domcov_close(db);
    return harness_finish(&h);
}
