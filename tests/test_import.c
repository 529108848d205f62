/*
 * Zone imports against tests/cases/import.tsv.  Each case imports one
 * fixture of tests/data/import/ into a fresh copy of the unit store (or,
 * with keep=1, into the store the previous case left) and checks the status,
 * the report counts and what the store holds afterwards.
 * Columns: name, fixture, options, status, counts, checks.
 *   options  space-separated: service= technology= status= city= crs=
 *            replace_city= strict=1 keep=1 store=missing|notastore locked=1
 *            locked=here (this process's own import of upsert.geojson, begun, holds the
 *            lock; after the case it must still commit: the failed import left its file;
 *            and once committed, a next import may begin before it is freed)
 *   counts   space-separated read= imported= updated= repaired= rejected= deleted=, or -
 *   checks   ' ;; '-separated:
 *     msg~TEXT          a report message contains TEXT     nomsg~TEXT  none does
 *     err~TEXT          domcov_errmsg() contains TEXT
 *     unchanged         the store file is byte-for-byte as before, and no temporary file is left
 *     zones=N           the store has N zones
 *     covers=LAT,LON:ID the zone ID covers the point      misses=LAT,LON:ID  it does not
 *     zone=ID:KEY=VALUE an exported property (service, technology, status, city, name; null)
 *     nozone=ID         the store has no zone ID
 *     coords=TOL        each fixture feature's "wgs84" ring matches the imported shell within TOL degrees
 * Usage: test_import UNIT_STORE CASES FIXTURES_DIR SCRATCH_DIR
 */
#include "domcov.h"
#include "harness.h"
#include "import_util.h"
#include "json.h"

#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

typedef import_test_ctx ctx;

static const dc_json *find_feature(const dc_json *fc, const char *id)
{
    const dc_json *features = dc_json_get(fc, "features");
    size_t i;

    for (i = 0; features && i < features->count; i++) {
        const dc_json *v = dc_json_get(dc_json_get(features->items[i], "properties"), "id");
        if (v && v->type == DC_JSON_STRING && strcmp(v->string, id) == 0)
            return features->items[i];
    }
    return NULL;
}

static dc_json *export_store(harness *h, const char *store)
{
    domcov_export *e = NULL;
    dc_json *root = NULL;
    int status = domcov_export_zones(store, NULL, &e);

    if (status != DOMCOV_OK)
        harness_fail(h, "export: %s: %s", domcov_status_name(status), domcov_errmsg(NULL));
    else if ((root = dc_json_parse(e->text, (size_t)e->length, 0, NULL)) == NULL)
        harness_fail(h, "export is not JSON");
    domcov_export_free(e);
    return root;
}

/* The outer ring of a Polygon or of a MultiPolygon's first member. */
static const dc_json *shell_of(const dc_json *feature)
{
    const dc_json *g = dc_json_get(feature, "geometry"), *t = dc_json_get(g, "type");
    const dc_json *c = dc_json_get(g, "coordinates");

    if (t == NULL || c == NULL || c->count == 0)
        return NULL;
    if (strcmp(t->string, "MultiPolygon") == 0)
        c = c->items[0];
    return c->count ? c->items[0] : NULL;
}

static void check_coords(harness *h, const ctx *x, const char *fixture, double tol)
{
    char path[1024];
    size_t len = 0, i, k;
    char *text;
    dc_json *fix, *exp;
    const dc_json *features;
    double worst = 0;

    snprintf(path, sizeof path, "%s/%s", x->fixtures, fixture);
    text = read_all(path, &len);
    fix = text ? dc_json_parse(text, len, 0, NULL) : NULL;
    exp = export_store(h, x->store);
    features = dc_json_get(fix, "features");
    if (fix == NULL || exp == NULL || features == NULL) {
        harness_fail(h, "coords: cannot read the fixture or the export");
        goto cleanup;
    }
    for (i = 0; i < features->count; i++) {
        const dc_json *props = dc_json_get(features->items[i], "properties");
        const dc_json *want = dc_json_get(props, "wgs84"), *id = dc_json_get(props, "id");
        const dc_json *got = find_feature(exp, id->string), *ring = got ? shell_of(got) : NULL;
        if (want == NULL)
            continue;
        if (ring == NULL || ring->count != want->count) {
            harness_fail(h, "coords: zone %s missing or with %zu vertices, expected %zu", id->string,
                         ring ? ring->count : 0, want->count);
            continue;
        }
        for (k = 0; k < want->count; k++) {
            double dx = fabs(ring->items[k]->items[0]->number - want->items[k]->items[0]->number);
            double dy = fabs(ring->items[k]->items[1]->number - want->items[k]->items[1]->number);
            worst = fmax(worst, fmax(dx, dy));
            if (dx > tol || dy > tol)
                harness_fail(h, "coords: zone %s vertex %zu is (%.12f, %.12f), expected (%.12f, %.12f)",
                             id->string, k, ring->items[k]->items[0]->number,
                             ring->items[k]->items[1]->number, want->items[k]->items[0]->number,
                             want->items[k]->items[1]->number);
        }
    }
    printf("# %s: largest vertex difference %.3g degrees\n", fixture, worst);
cleanup:
    dc_json_free(fix);
    dc_json_free(exp);
    free(text);
}

static void check_point_zone(harness *h, const char *store, const char *spec, int want_cover)
{
    double lat, lon;
    char id[128];
    domcov_db *db = NULL;
    domcov_point_result *r = NULL;
    int i, found = 0;

    if (sscanf(spec, "%lf,%lf:%127s", &lat, &lon, id) != 3) {
        harness_fail(h, "bad check '%s'", spec);
        return;
    }
    if (domcov_open(store, DOMCOV_OPEN_DEFAULT, &db) != DOMCOV_OK ||
        domcov_check_point(db, lat, lon, &r) != DOMCOV_OK) {
        harness_fail(h, "open/check: %s", domcov_errmsg(NULL));
        goto cleanup;
    }
    for (i = 0; i < r->zone_count; i++)
        found |= strcmp(r->zones[i].zone_id, id) == 0;
    if (found != want_cover)
        harness_fail(h, "zone %s %s (%g, %g)", id, found ? "covers" : "does not cover", lat, lon);
cleanup:
    domcov_point_result_free(r);
    domcov_close(db);
}

static void check_zone_prop(harness *h, const char *store, const char *spec, int want_absent)
{
    char id[128], key[64], value[256] = "";
    dc_json *exp = export_store(h, store);
    const dc_json *f, *v;
    const char *colon = strchr(spec, ':'), *eq;

    if (exp == NULL)
        return;
    snprintf(id, sizeof id, "%.*s", colon ? (int)(colon - spec) : (int)strlen(spec), spec);
    f = find_feature(exp, id);
    if (want_absent || f == NULL) {
        if ((f == NULL) != want_absent)
            harness_fail(h, "zone %s %s", id, f ? "is in the store" : "is not in the store");
        goto cleanup;
    }
    if (colon == NULL || (eq = strchr(colon, '=')) == NULL) {
        harness_fail(h, "bad check zone=%s", spec);
        goto cleanup;
    }
    snprintf(key, sizeof key, "%.*s", (int)(eq - colon - 1), colon + 1);
    snprintf(value, sizeof value, "%s", eq + 1);
    v = dc_json_get(dc_json_get(f, "properties"), key);
    if (v == NULL || (strcmp(value, "null") == 0 ? v->type != DC_JSON_NULL
                                                 : v->type != DC_JSON_STRING || strcmp(v->string, value) != 0))
        harness_fail(h, "zone %s: %s is not '%s'", id, key, value);
cleanup:
    dc_json_free(exp);
}

static int zone_count(const char *store, long long *n)
{
    domcov_db *db = NULL;
    domcov_store_info *info = NULL;
    int status = domcov_open(store, DOMCOV_OPEN_DEFAULT, &db);

    if (status == DOMCOV_OK && (status = domcov_store_info_get(db, &info)) == DOMCOV_OK)
        *n = info->zones;
    domcov_store_info_free(info);
    domcov_close(db);
    return status;
}

static void run_checks(harness *h, ctx *x, const char *fixture, const char *checks,
                       const domcov_import_report *r, const char *errmsg, uint64_t before)
{
    char *copy = strdup(checks), *rest = copy, *c;

    while ((c = next_check(&rest)) != NULL) {
        if (report_check(h, c, r, errmsg)) {
            continue;
        } else if (strcmp(c, "unchanged") == 0) {
            if (checksum(x->store) != before)
                harness_fail(h, "the store changed");
            if (leftover_temp(x->scratch))
                harness_fail(h, "a temporary file was left in %s", x->scratch);
        } else if (strncmp(c, "zones=", 6) == 0) {
            long long n = -1;
            if (zone_count(x->store, &n) != DOMCOV_OK || n != atoll(c + 6))
                harness_fail(h, "zones: expected %s, got %lld (%s)", c + 6, n, domcov_errmsg(NULL));
        } else if (strncmp(c, "covers=", 7) == 0) {
            check_point_zone(h, x->store, c + 7, 1);
        } else if (strncmp(c, "misses=", 7) == 0) {
            check_point_zone(h, x->store, c + 7, 0);
        } else if (strncmp(c, "zone=", 5) == 0) {
            check_zone_prop(h, x->store, c + 5, 0);
        } else if (strncmp(c, "nozone=", 7) == 0) {
            check_zone_prop(h, x->store, c + 7, 1);
        } else if (strncmp(c, "coords=", 7) == 0) {
            check_coords(h, x, fixture, atof(c + 7));
        } else if (*c) {
            harness_fail(h, "unknown check '%s'", c);
        }
    }
    free(copy);
}

static void run_case(harness *h, char **cols, int n, void *arg)
{
    ctx *x = arg;
    char path[1024], store_path[1024], buf[6][128], lockpath[1100];
    domcov_zone_import_options o;
    domcov_import_report *r = NULL;
    char errmsg[1024];
    uint64_t before;
    int status, lock_fd = -1;
    domcov_import *held = NULL;

    if (n < 5) {
        harness_fail(h, "expected at least 5 columns, got %d", n);
        return;
    }
    if (!opt(cols[2], "keep", buf[0], sizeof buf[0]) && copy_file(x->unit, x->store) != 0) {
        harness_fail(h, "cannot copy the unit store to %s", x->store);
        return;
    }
    memset(&o, 0, sizeof o);
    o.service = opt(cols[2], "service", buf[0], sizeof buf[0]);
    o.technology = opt(cols[2], "technology", buf[1], sizeof buf[1]);
    o.status = opt(cols[2], "status", buf[2], sizeof buf[2]);
    o.city = opt(cols[2], "city", buf[3], sizeof buf[3]);
    o.crs = opt(cols[2], "crs", buf[4], sizeof buf[4]);
    o.replace_city = opt(cols[2], "replace_city", buf[5], sizeof buf[5]);
    o.flags = strstr(cols[2], "strict=1") ? DOMCOV_IMPORT_STRICT : 0;
    snprintf(path, sizeof path, "%s/%s", x->fixtures, cols[1]);
    snprintf(store_path, sizeof store_path, "%s", x->store);
    if (strstr(cols[2], "store=missing"))
        snprintf(store_path, sizeof store_path, "%s/no-such-store.sqlite", x->scratch);
    else if (strstr(cols[2], "store=notastore")) {
        FILE *f;
        snprintf(store_path, sizeof store_path, "%s/notastore.sqlite", x->scratch);
        if ((f = fopen(store_path, "w")) != NULL) {
            fputs("id,name\n1,not a store\n", f);
            fclose(f);
        }
    }
    if (strstr(cols[2], "locked=here")) {
        domcov_zone_import_options ho;
        char held_path[1100];
        memset(&ho, 0, sizeof ho);
        snprintf(held_path, sizeof held_path, "%s/upsert.geojson", x->fixtures);
        if (domcov_import_zones_begin(x->store, held_path, &ho, &held) != DOMCOV_OK)
            harness_fail(h, "cannot begin the import that holds the lock: %s", domcov_errmsg(NULL));
    }
    if (strstr(cols[2], "locked=1")) {
        /* Another import holds the store's lock. */
        snprintf(lockpath, sizeof lockpath, "%s.lock", x->store);
        lock_fd = open(lockpath, O_RDWR | O_CREAT, 0644);
        if (lock_fd < 0 || flock(lock_fd, LOCK_EX) != 0)
            harness_fail(h, "cannot take %s", lockpath);
    }
    before = checksum(x->store);
    status = domcov_import_zones(store_path, path, &o, &r);
    snprintf(errmsg, sizeof errmsg, "%s", domcov_errmsg(NULL));
    if (lock_fd >= 0)
        close(lock_fd);
    expect_status(h, status, cols[3], errmsg, r);
    check_counts(h, r, cols[4]);
    if (n > 5)
        run_checks(h, x, cols[1], cols[5], r, errmsg, before);
    if (held != NULL) {
        domcov_import_report *hr = NULL;
        domcov_import *next = NULL;
        domcov_zone_import_options no;
        if (domcov_import_commit(held, &hr) != DOMCOV_OK)
            harness_fail(h, "the import that held the lock cannot commit: %s", domcov_errmsg(NULL));
        /* Commit released the lock: the next import begins before the first is freed. */
        memset(&no, 0, sizeof no);
        if (domcov_import_zones_begin(x->store, path, &no, &next) != DOMCOV_OK)
            harness_fail(h, "an import after the commit cannot begin: %s", domcov_errmsg(NULL));
        domcov_import_free(next);
        domcov_import_report_free(hr);
        domcov_import_free(held);
    }
    if (h->case_failed)
        fprintf(stderr, "  (case %s)\n", cols[0]);
    domcov_import_report_free(r);
}

int main(int argc, char **argv)
{
    return import_test_main(argc, argv, "import.sqlite", run_case);
}
