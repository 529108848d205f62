/*
 * Zone imports against tests/cases/import.tsv.  Each case imports one
 * fixture of tests/data/import/ into a fresh copy of the unit store (or,
 * with keep=1, into the store the previous case left) and checks the status,
 * the report counts and what the store holds afterwards.
 * Columns: name, fixture, options, status, counts, checks.
 *   options  space-separated: service= technology= status= city= crs=
 *            replace_city= strict=1 keep=1 store=missing|notastore locked=1
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
#include "json.h"

#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct ctx {
    const char *unit, *fixtures, *scratch;
    char store[1024];
} ctx;

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL) {
        *len = fread(buf, 1, (size_t)n, f);
        buf[*len] = '\0';
    }
    fclose(f);
    return buf;
}

static int copy_file(const char *from, const char *to)
{
    size_t len = 0;
    char *data = read_all(from, &len);
    FILE *f;
    int ok;

    if (data == NULL || (f = fopen(to, "wb")) == NULL) {
        free(data);
        return -1;
    }
    ok = fwrite(data, 1, len, f) == len;
    ok &= fclose(f) == 0;
    free(data);
    return ok ? 0 : -1;
}

/* FNV-1a of the file's bytes; 0 for a missing file. */
static uint64_t checksum(const char *path)
{
    size_t len = 0, i;
    char *data = read_all(path, &len);
    uint64_t h = 1469598103934665603ULL;

    if (data == NULL)
        return 0;
    for (i = 0; i < len; i++)
        h = (h ^ (unsigned char)data[i]) * 1099511628211ULL;
    free(data);
    return h ^ len;
}

/* A temporary store file left in the scratch folder. */
static int leftover_temp(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;

    while (d && (e = readdir(d)) != NULL)
        found |= strstr(e->d_name, ".tmp-") != NULL;
    if (d)
        closedir(d);
    return found;
}

/* "key=value" from a space-separated list; NULL when absent.  Copies into buf. */
static const char *opt(const char *list, const char *key, char *buf, size_t size)
{
    size_t kl = strlen(key);
    const char *p = list;

    while (p && *p) {
        p += strspn(p, " ");
        if (strncmp(p, key, kl) == 0 && p[kl] == '=') {
            size_t n = strcspn(p + kl + 1, " ");
            if (n >= size)
                n = size - 1;
            memcpy(buf, p + kl + 1, n);
            buf[n] = '\0';
            return buf;
        }
        p = strchr(p, ' ');
    }
    return NULL;
}

static void check_counts(harness *h, const domcov_import_report *r, const char *counts)
{
    static const char *const keys[] = {"read", "imported", "updated", "repaired", "rejected", "deleted"};
    long long got[6];
    char buf[32];
    int i;

    if (strcmp(counts, "-") == 0) {
        if (r)
            harness_fail(h, "expected no report, got one");
        return;
    }
    if (r == NULL) {
        harness_fail(h, "expected a report, got none");
        return;
    }
    got[0] = r->read, got[1] = r->imported, got[2] = r->updated;
    got[3] = r->repaired, got[4] = r->rejected, got[5] = r->deleted;
    for (i = 0; i < 6; i++)
        if (opt(counts, keys[i], buf, sizeof buf) && atoll(buf) != got[i])
            harness_fail(h, "%s: expected %s, got %lld", keys[i], buf, got[i]);
}

static int has_message(const domcov_import_report *r, const char *text)
{
    int i;

    for (i = 0; r && i < r->message_count; i++)
        if (strstr(r->messages[i], text))
            return 1;
    return 0;
}

static void dump_messages(const domcov_import_report *r)
{
    int i;

    for (i = 0; r && i < r->message_count; i++)
        fprintf(stderr, "    | %s\n", r->messages[i]);
}

/* The exported feature with this id, from a parsed export. */
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
    char *copy = strdup(checks), *c = copy, *next;

    for (; c && *c; c = next) {
        next = strstr(c, " ;; ");
        if (next) {
            *next = '\0';
            next += 4;
        }
        if (strncmp(c, "msg~", 4) == 0) {
            if (!has_message(r, c + 4)) {
                harness_fail(h, "no report message contains '%s'", c + 4);
                dump_messages(r);
            }
        } else if (strncmp(c, "nomsg~", 6) == 0) {
            if (has_message(r, c + 6))
                harness_fail(h, "a report message contains '%s'", c + 6);
        } else if (strncmp(c, "err~", 4) == 0) {
            if (strstr(errmsg, c + 4) == NULL)
                harness_fail(h, "error message '%s' lacks '%s'", errmsg, c + 4);
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
    if (strcmp(domcov_status_name(status), cols[3]) != 0) {
        harness_fail(h, "%s: expected %s, got %s: %s", cols[0], cols[3], domcov_status_name(status), errmsg);
        dump_messages(r);
    }
    check_counts(h, r, cols[4]);
    if (n > 5)
        run_checks(h, x, cols[1], cols[5], r, errmsg, before);
    if (h->case_failed)
        fprintf(stderr, "  (case %s)\n", cols[0]);
    domcov_import_report_free(r);
}

int main(int argc, char **argv)
{
    harness h = {0};
    ctx x;

    if (argc != 5) {
        fprintf(stderr, "usage: test_import UNIT_STORE CASES FIXTURES_DIR SCRATCH_DIR\n");
        return 2;
    }
    x.unit = argv[1];
    x.fixtures = argv[3];
    x.scratch = argv[4];
    mkdir(x.scratch, 0755);
    snprintf(x.store, sizeof x.store, "%s/import.sqlite", x.scratch);
    if (harness_run_file(&h, argv[2], run_case, &x) != 0)
        return 2;
    return harness_finish(&h);
}
