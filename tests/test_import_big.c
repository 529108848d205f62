/*
 * A large generated zones file (gen_zones.h): import time, upsert counts at
 * scale, the export -> import -> export round trip into a fresh store,
 * --replace-city at scale, and the step API with an abandoned import.
 * Usage: test_import_big UNIT_STORE UNIT_DATA_DIR SCRATCH_DIR [ZONES]
 */
#include "domcov.h"
#include "gen_zones.h"
#include "harness.h"
#include "import_util.h"

#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

static harness h;
static const char *unit, *unit_data, *scratch;
static int nzones = 5000;

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_all(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok;

    if (f == NULL)
        return -1;
    ok = fwrite(data, 1, len, f) == len;
    ok &= fclose(f) == 0;
    return ok ? 0 : -1;
}

static void begin(const char *name)
{
    h.line++;
    harness_begin_case(&h);
    printf("# %s\n", name);
}

static void end(void)
{
    harness_end_case(&h);
}

static void expect_counts(const domcov_import_report *r, long long read, long long imported,
                          long long updated, long long repaired, long long rejected, long long deleted)
{
    int i;

    if (r == NULL) {
        harness_fail(&h, "no report");
        return;
    }
    if (r->read != read || r->imported != imported || r->updated != updated || r->repaired != repaired ||
        r->rejected != rejected || r->deleted != deleted) {
        harness_fail(&h, "counts read %lld imported %lld updated %lld repaired %lld rejected %lld deleted "
                     "%lld; expected %lld %lld %lld %lld %lld %lld", r->read, r->imported, r->updated,
                     r->repaired, r->rejected, r->deleted, read, imported, updated, repaired, rejected,
                     deleted);
        for (i = 0; i < r->message_count && i < 5; i++)
            fprintf(stderr, "    | %s\n", r->messages[i]);
    }
}

/* Zone k covers its square's centre, and nothing covers the gap beside it. */
static void expect_grid(const char *store, int k)
{
    domcov_db *db = NULL;
    domcov_point_result *r = NULL;
    char want[32];
    double x, y, fx = 0.6, fy = 0.6;
    int i, found = 0;

    gen_zone_corner(k, &x, &y);
    if (k % 50 == 49) {
        /* A repaired bow-tie is two triangles meeting at the centre: a point inside the right one. */
        fx = 0.8;
        fy = 0.5;
    }
    snprintf(want, sizeof want, "gen-%05d", k);
    if (domcov_open(store, DOMCOV_OPEN_DEFAULT, &db) != DOMCOV_OK ||
        domcov_check_point(db, y + GEN_SIDE * fy, x + GEN_SIDE * fx, &r) != DOMCOV_OK) {
        harness_fail(&h, "open/check: %s", domcov_errmsg(NULL));
        goto cleanup;
    }
    for (i = 0; i < r->zone_count; i++)
        found |= strcmp(r->zones[i].zone_id, want) == 0;
    if (!found || r->zone_count != 1)
        harness_fail(&h, "zone %s: the point in it is covered by %d zones, %s", want, r->zone_count,
                     found ? "it among them" : "not by it");
    domcov_point_result_free(r);
    r = NULL;
    if (domcov_check_point(db, y + (GEN_SIDE + GEN_STEP) / 2, x + (GEN_SIDE + GEN_STEP) / 2, &r) ==
            DOMCOV_OK &&
        r->zone_count != 0)
        harness_fail(&h, "the gap beside %s is covered by %s", want, r->zones[0].zone_id);
cleanup:
    domcov_point_result_free(r);
    domcov_close(db);
}

static long long count_zones(const char *store)
{
    domcov_db *db = NULL;
    domcov_store_info *info = NULL;
    long long n = -1;

    if (domcov_open(store, DOMCOV_OPEN_DEFAULT, &db) == DOMCOV_OK &&
        domcov_store_info_get(db, &info) == DOMCOV_OK)
        n = info->zones;
    domcov_store_info_free(info);
    domcov_close(db);
    return n;
}

/* A store with the unit cities and nothing else. */
static int fresh_store(const char *path)
{
    char dir[1024], src[1100], dst[1100];
    domcov_import_report *r = NULL;
    int status;

    snprintf(dir, sizeof dir, "%s/fresh-source", scratch);
    mkdir(dir, 0755);
    snprintf(src, sizeof src, "%s/cities.csv", unit_data);
    snprintf(dst, sizeof dst, "%s/cities.csv", dir);
    if (copy_file(src, dst) != 0)
        return -1;
    status = domcov_build_store(dir, path, DOMCOV_IMPORT_STRICT, &r);
    domcov_import_report_free(r);
    return status == DOMCOV_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
    char store[1024], gen[1024], e1path[1024], fresh[1024], small[1024];
    domcov_import_report *r = NULL;
    domcov_export *e1 = NULL, *e2 = NULL;
    domcov_zone_import_options o;
    domcov_import *imp = NULL;
    domcov_import_progress p;
    double t;
    uint64_t before;
    int status, steps;
    long long last;

    if (argc < 4) {
        fprintf(stderr, "usage: test_import_big UNIT_STORE UNIT_DATA_DIR SCRATCH_DIR [ZONES]\n");
        return 2;
    }
    unit = argv[1];
    unit_data = argv[2];
    scratch = argv[3];
    if (argc > 4)
        nzones = atoi(argv[4]);
    h.file = "test_import_big";
    mkdir(scratch, 0755);
    snprintf(gen, sizeof gen, "%s/generated.geojson", scratch);
    snprintf(store, sizeof store, "%s/big.sqlite", scratch);
    snprintf(e1path, sizeof e1path, "%s/export1.geojson", scratch);
    snprintf(fresh, sizeof fresh, "%s/fresh.sqlite", scratch);
    snprintf(small, sizeof small, "%s/small.geojson", scratch);

    begin("import a generated file of zones");
    if (gen_zones_file(gen, nzones, NULL) != 0 || copy_file(unit, store) != 0)
        harness_fail(&h, "cannot write %s or %s", gen, store);
    t = now_s();
    status = domcov_import_zones(store, gen, NULL, &r);
    t = now_s() - t;
    printf("# imported %d zones in %.2f s (%.0f zones/s)\n", nzones, t, nzones / t);
    if (status != DOMCOV_OK)
        harness_fail(&h, "import: %s: %s", domcov_status_name(status), domcov_errmsg(NULL));
    expect_counts(r, nzones, nzones, 0, nzones / 50, 0, 0);
    if (count_zones(store) != nzones + 4)
        harness_fail(&h, "the store has %lld zones, expected %d", count_zones(store), nzones + 4);
    expect_grid(store, 0);
    expect_grid(store, nzones / 2 + 1);
    expect_grid(store, nzones - 1);
    expect_grid(store, 49);  /* a repaired bow-tie */
    domcov_import_report_free(r);
    r = NULL;
    end();

    begin("the same file again: every zone updated");
    t = now_s();
    status = domcov_import_zones(store, gen, NULL, &r);
    printf("# re-imported in %.2f s\n", now_s() - t);
    if (status != DOMCOV_OK)
        harness_fail(&h, "import: %s", domcov_errmsg(NULL));
    expect_counts(r, nzones, 0, nzones, nzones / 50, 0, 0);
    domcov_import_report_free(r);
    r = NULL;
    end();

    begin("round trip: export, import into a fresh store, export again: identical");
    if ((status = domcov_export_zones(store, NULL, &e1)) != DOMCOV_OK)
        harness_fail(&h, "export: %s", domcov_errmsg(NULL));
    else if (e1->features != nzones + 4)
        harness_fail(&h, "exported %lld features, expected %d", e1->features, nzones + 4);
    if (e1 && write_all(e1path, e1->text, (size_t)e1->length) != 0)
        harness_fail(&h, "cannot write %s", e1path);
    if (fresh_store(fresh) != 0)
        harness_fail(&h, "cannot build a fresh store: %s", domcov_errmsg(NULL));
    status = domcov_import_zones(fresh, e1path, NULL, &r);
    if (status != DOMCOV_OK)
        harness_fail(&h, "import of the export: %s", domcov_errmsg(NULL));
    /* Repaired zones were stored valid: nothing to repair the second time. */
    expect_counts(r, nzones + 4, nzones + 4, 0, 0, 0, 0);
    if ((status = domcov_export_zones(fresh, NULL, &e2)) != DOMCOV_OK)
        harness_fail(&h, "second export: %s", domcov_errmsg(NULL));
    if (e1 && e2 && (e1->length != e2->length || memcmp(e1->text, e2->text, (size_t)e1->length) != 0))
        harness_fail(&h, "the second export differs from the first (%lld vs %lld bytes)", e1->length,
                     e2->length);
    expect_grid(fresh, 123);
    domcov_import_report_free(r);
    r = NULL;
    end();

    begin("--replace-city at scale");
    if (gen_zones_file(small, 10, NULL) != 0)
        harness_fail(&h, "cannot write %s", small);
    memset(&o, 0, sizeof o);
    o.replace_city = "testgrad";
    status = domcov_import_zones(store, small, &o, &r);
    if (status != DOMCOV_OK)
        harness_fail(&h, "import: %s", domcov_errmsg(NULL));
    /* The unit store's testgrad zones (inet-a, inet-b, tv-a) go too; planovsk's stays. */
    expect_counts(r, 10, 0, 10, 0, 0, nzones - 10 + 3);
    if (count_zones(store) != 11)
        harness_fail(&h, "the store has %lld zones, expected 11", count_zones(store));
    domcov_import_report_free(r);
    r = NULL;
    end();

    begin("step API: progress, then an abandoned import leaves the store unchanged");
    before = checksum(store);
    status = domcov_import_zones_begin(store, gen, NULL, &imp);
    if (status != DOMCOV_OK)
        harness_fail(&h, "begin: %s", domcov_errmsg(NULL));
    steps = 0;
    last = 0;
    memset(&p, 0, sizeof p);
    while (imp && (status = domcov_import_step(imp, 1000, &p)) == DOMCOV_OK && !p.finished) {
        if (p.total != nzones || p.done != last + 1000)
            harness_fail(&h, "progress %lld/%lld after %lld", p.done, p.total, last);
        last = p.done;
        steps++;
    }
    if (status != DOMCOV_OK || p.done != nzones || steps != (nzones - 1) / 1000)
        harness_fail(&h, "steps %d, done %lld, status %s", steps, p.done, domcov_status_name(status));
    domcov_import_free(imp);
    if (checksum(store) != before)
        harness_fail(&h, "an import freed without commit changed the store");
    end();

    domcov_export_free(e1);
    domcov_export_free(e2);
    return harness_finish(&h);
}
