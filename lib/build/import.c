/*
 * domcov_import_*: zones, offices and house registers into a store.
 *
 * begin parses the file first (a broken file costs no store copy), then
 * opens a private copy of the store (store_writer: lock, copy, one
 * transaction; a house register may create the store instead); step imports features a batch at a time so callers can show
 * progress without callbacks; commit finishes, applies --replace-city and
 * renames the copy over the store.  Anything short of a successful commit
 * leaves the store as it was.
 */
#include "domcov.h"

#include "error.h"
#include "houses_register.h"
#include "offices_geojson.h"
#include "report.h"
#include "store_writer.h"
#include "strbuf.h"
#include "tables_csv.h"
#include "zones_geojson.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum import_kind { IMPORT_ZONES, IMPORT_OFFICES_CSV, IMPORT_OFFICES_GEOJSON, IMPORT_HOUSES };

/* Zones of a replaced city named in the report at most; the rest are counted. */
#define MAX_DELETED_IDS_LISTED 50

enum { OPT_SERVICE, OPT_TECHNOLOGY, OPT_STATUS, OPT_CITY, OPT_CRS, OPT_REPLACE_CITY, OPT_COUNT };

struct domcov_import {
    int kind;
    unsigned flags;
    char *path, *label;
    char *opt[OPT_COUNT];        /* copies of the caller's option strings */
    dc_zone_defaults defaults;   /* points into opt */
    dc_zones_reader *zones;
    dc_offices_reader *offices;
    dc_houses_reader *houses;
    dc_writer *w;
    dc_report report;
    int64_t replace_city_id;
    long long done, total;
    int finished;
    int failed;                  /* a fatal error happened: only free may follow */
    int committed;
};

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int copy_opt(domcov_import *imp, int i, const char *value)
{
    if (value == NULL || *value == '\0')
        return DOMCOV_OK;
    if ((imp->opt[i] = strdup(value)) == NULL)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    return DOMCOV_OK;
}

static int check_common_args(const char *store_path, const char *path, unsigned flags,
                             domcov_import **out)
{
    if (out == NULL)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "out is NULL");
    *out = NULL;
    if (store_path == NULL || *store_path == '\0' || path == NULL || *path == '\0')
        return dc_fail(NULL, DOMCOV_ERR_ARG, "the store path and the file path must be given");
    if (flags & ~DOMCOV_IMPORT_STRICT)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "unknown flags 0x%x", flags);
    return DOMCOV_OK;
}

static domcov_import *new_import(int kind, const char *path, unsigned flags)
{
    domcov_import *imp = calloc(1, sizeof *imp);

    if (imp == NULL)
        return NULL;
    imp->kind = kind;
    imp->flags = flags;
    imp->total = -1;
    if ((imp->path = strdup(path)) == NULL || (imp->label = strdup(base_name(path))) == NULL) {
        domcov_import_free(imp);
        return NULL;
    }
    return imp;
}

/* The city a flag names must exist: else every feature would be rejected one by one. */
static int resolve_city(domcov_import *imp, const char *city, const char *flag, int64_t *id)
{
    *id = dc_writer_city_id(imp->w, city);
    if (*id == 0)
        return dc_fail(NULL, DOMCOV_ERR_INPUT, "%s '%.80s' is not in the store's cities", flag, city);
    return DOMCOV_OK;
}

int domcov_import_zones_begin(const char *store_path, const char *geojson_path,
                              const domcov_zone_import_options *opts, domcov_import **out)
{
    domcov_zone_import_options none;
    domcov_import *imp = NULL;
    int64_t city_id;
    int status;

    dc_clear_error();
    memset(&none, 0, sizeof none);
    if (opts == NULL)
        opts = &none;
    if ((status = check_common_args(store_path, geojson_path, opts->flags, out)) != DOMCOV_OK)
        return status;
    if (opts->service && *opts->service && strcmp(opts->service, "internet") != 0 &&
        strcmp(opts->service, "tv") != 0)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "service '%.40s' is not internet or tv", opts->service);
    if (opts->status && *opts->status && strcmp(opts->status, "active") != 0 &&
        strcmp(opts->status, "planned") != 0)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "status '%.40s' is not active or planned", opts->status);
    if ((imp = new_import(IMPORT_ZONES, geojson_path, opts->flags)) == NULL)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    if ((status = copy_opt(imp, OPT_SERVICE, opts->service)) ||
        (status = copy_opt(imp, OPT_TECHNOLOGY, opts->technology)) ||
        (status = copy_opt(imp, OPT_STATUS, opts->status)) ||
        (status = copy_opt(imp, OPT_CITY, opts->city ? opts->city : opts->replace_city)) ||
        (status = copy_opt(imp, OPT_CRS, opts->crs)) ||
        (status = copy_opt(imp, OPT_REPLACE_CITY, opts->replace_city)))
        goto cleanup;
    imp->defaults.service = imp->opt[OPT_SERVICE];
    imp->defaults.technology = imp->opt[OPT_TECHNOLOGY];
    imp->defaults.status = imp->opt[OPT_STATUS];
    imp->defaults.city = imp->opt[OPT_CITY];
    imp->defaults.crs = imp->opt[OPT_CRS];
    if ((status = dc_zones_open(imp->path, imp->label, &imp->defaults, &imp->zones)) != DOMCOV_OK ||
        (status = dc_writer_open_copy(store_path, &imp->w)) != DOMCOV_OK)
        goto cleanup;
    if (imp->opt[OPT_CITY] &&
        (status = resolve_city(imp, imp->opt[OPT_CITY], "city", &city_id)) != DOMCOV_OK)
        goto cleanup;
    if (imp->opt[OPT_REPLACE_CITY] &&
        (status = resolve_city(imp, imp->opt[OPT_REPLACE_CITY], "replace city",
                               &imp->replace_city_id)) != DOMCOV_OK)
        goto cleanup;
    imp->total = (long long)dc_zones_count(imp->zones);
cleanup:
    if (status != DOMCOV_OK)
        domcov_import_free(imp);
    else
        *out = imp;
    return status;
}

/* GeoJSON (any JSON) or CSV by the first byte that is not a byte order mark or white space. */
static int sniff_geojson(const char *path, int *geojson)
{
    FILE *f = fopen(path, "rb");
    int c, n = 0;

    *geojson = 0;
    if (f == NULL)
        return dc_fail(NULL, DOMCOV_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
    while ((c = getc(f)) != EOF && n++ < 4096) {
        if (c == 0xEF || c == 0xBB || c == 0xBF || c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        *geojson = c == '{' || c == '[';  /* a JSON array gets GeoJSON's error, not CSV's */
        break;
    }
    fclose(f);
    return DOMCOV_OK;
}

int domcov_import_offices_begin(const char *store_path, const char *path,
                                const domcov_office_import_options *opts, domcov_import **out)
{
    domcov_office_import_options none;
    domcov_import *imp = NULL;
    int status, geojson = 0;

    dc_clear_error();
    memset(&none, 0, sizeof none);
    if (opts == NULL)
        opts = &none;
    if ((status = check_common_args(store_path, path, opts->flags, out)) != DOMCOV_OK ||
        (status = sniff_geojson(path, &geojson)) != DOMCOV_OK)
        return status;
    imp = new_import(geojson ? IMPORT_OFFICES_GEOJSON : IMPORT_OFFICES_CSV, path, opts->flags);
    if (imp == NULL)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    if ((status = copy_opt(imp, OPT_CRS, opts->crs)) != DOMCOV_OK)
        goto cleanup;
    if (geojson) {
        if ((status = dc_offices_open(imp->path, imp->label, imp->opt[OPT_CRS], &imp->offices)))
            goto cleanup;
        imp->total = (long long)dc_offices_count(imp->offices);
    } else if (imp->opt[OPT_CRS]) {
        status = dc_fail(NULL, DOMCOV_ERR_ARG, "a CRS applies to GeoJSON files only: CSV lat/lon "
                         "are WGS84 degrees");
        goto cleanup;
    }
    status = dc_writer_open_copy(store_path, &imp->w);
cleanup:
    if (status != DOMCOV_OK)
        domcov_import_free(imp);
    else
        *out = imp;
    return status;
}

int domcov_import_houses_begin(const char *store_path, const char *csv_path,
                               const domcov_house_import_options *opts, domcov_import **out)
{
    static const domcov_house_import_options none;
    domcov_import *imp = NULL;
    int status, created = 0;

    dc_clear_error();
    if (opts == NULL)
        opts = &none;
    if ((status = check_common_args(store_path, csv_path, opts->flags, out)) != DOMCOV_OK)
        return status;
    if ((imp = new_import(IMPORT_HOUSES, csv_path, opts->flags)) == NULL)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    /* Messages name the file as the caller did (the path), as they always have for registers. */
    if ((status = dc_houses_open(imp->path, imp->path, opts, &imp->houses)) != DOMCOV_OK ||
        (status = dc_writer_open_or_create(store_path, &imp->w, &created)) != DOMCOV_OK)
        goto cleanup;
    if (created && (status = dc_writer_meta(imp->w, "source", "domcov import houses")) != DOMCOV_OK)
        goto cleanup;
    imp->total = dc_houses_count(imp->houses);
cleanup:
    if (status != DOMCOV_OK)
        domcov_import_free(imp);
    else
        *out = imp;
    return status;
}

/* One feature or register row, or for an offices CSV the whole file (office lists are small;
 * the CSV loader streams). */
static int step_one(domcov_import *imp, int *done)
{
    int status;

    switch (imp->kind) {
    case IMPORT_ZONES:
        return dc_zones_next(imp->zones, imp->w, &imp->report, done);
    case IMPORT_OFFICES_GEOJSON:
        return dc_offices_next(imp->offices, imp->w, &imp->report, done);
    case IMPORT_HOUSES:
        return dc_houses_next(imp->houses, imp->w, &imp->report, done);
    default:
        status = dc_import_csv_table(imp->w, DC_TABLE_OFFICES, imp->path, imp->label, &imp->report);
        *done = 1;
        return status;
    }
}

int domcov_import_step(domcov_import *imp, int max_items, domcov_import_progress *out)
{
    int status = DOMCOV_OK, n, done = 0;

    dc_clear_error();
    if (out == NULL || imp == NULL || max_items < 1)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "import and out must be given and max_items >= 1");
    if (imp->failed || imp->committed)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "the import %s: only domcov_import_free may follow",
                       imp->failed ? "failed earlier" : "was committed");
    for (n = 0; n < max_items && !imp->finished; n++) {
        if ((status = step_one(imp, &done)) != DOMCOV_OK) {
            imp->failed = 1;
            break;
        }
        imp->done = imp->report.read;
        /* Strict mode fails at commit anyway: stop reading at the first rejection. */
        imp->finished = done || ((imp->flags & DOMCOV_IMPORT_STRICT) && imp->report.rejected > 0);
    }
    out->done = imp->done;
    out->total = imp->total;
    out->finished = imp->finished;
    return status;
}

static const char *kind_noun(int kind)
{
    return kind == IMPORT_ZONES ? "zones" : kind == IMPORT_HOUSES ? "houses" : "offices";
}

static int write_import_meta(domcov_import *imp)
{
    char when[32];
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    dc_strbuf sb = DC_STRBUF_INIT;
    time_t now = time(NULL);
    struct tm tm;
    int status;

    /* Reproducible runs pin the timestamp, as builds do. */
    if (epoch && *epoch)
        now = (time_t)strtoll(epoch, NULL, 10);
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if ((status = dc_writer_meta(imp->w, "updated_at", when)) != DOMCOV_OK)
        return status;
    dc_strbuf_printf(&sb, "%s from %s", kind_noun(imp->kind), imp->label);
    if (sb.failed)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    status = dc_writer_meta(imp->w, "last_import", sb.data);
    dc_strbuf_free(&sb);
    return status;
}

/* The first rejection among the report's messages (repairs and warnings come first sometimes). */
static const char *first_rejection(const dc_report *r)
{
    int i;

    for (i = 0; i < r->nmessages; i++)
        if (strstr(r->messages[i], ": rejected: ") != NULL)
            return r->messages[i];
    return "?";
}

static int replace_city(domcov_import *imp)
{
    char *ids = NULL;
    int status;

    status = dc_writer_prune_city_zones(imp->w, imp->replace_city_id, MAX_DELETED_IDS_LISTED, &ids,
                                        &imp->report.deleted);
    if (status == DOMCOV_OK && imp->report.deleted > 0)
        dc_report_add(&imp->report, imp->label, "replace city %s: deleted %lld zones the file does "
                      "not name: %s", imp->opt[OPT_REPLACE_CITY], imp->report.deleted, ids);
    free(ids);
    return status;
}

int domcov_import_commit(domcov_import *imp, domcov_import_report **out)
{
    domcov_import_progress progress;
    int status = DOMCOV_OK;

    dc_clear_error();
    if (out == NULL || imp == NULL)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "import and out must be given");
    *out = NULL;
    if (imp->failed || imp->committed)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "the import %s: only domcov_import_free may follow",
                       imp->failed ? "failed earlier" : "was committed");
    if (!imp->finished && (status = domcov_import_step(imp, INT_MAX, &progress)) != DOMCOV_OK)
        return status;
    if (imp->report.nomem) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for the import report");
        goto cleanup;
    }
    if ((imp->flags & DOMCOV_IMPORT_STRICT) && imp->report.rejected > 0) {
        status = dc_fail(NULL, DOMCOV_ERR_INPUT, "%lld %s rejected (strict mode): "
                         "the store was not changed; first: %s", imp->report.rejected,
                         imp->kind == IMPORT_HOUSES ? "rows" : "rows or features",
                         first_rejection(&imp->report));
        goto cleanup;
    }
    if ((imp->replace_city_id > 0 && (status = replace_city(imp)) != DOMCOV_OK) ||
        (imp->houses && (status = dc_houses_finish(imp->houses, imp->w)) != DOMCOV_OK) ||
        (status = write_import_meta(imp)) != DOMCOV_OK ||
        (status = dc_writer_commit(imp->w)) != DOMCOV_OK)
        goto cleanup;
    imp->committed = 1;
cleanup:
    if (status == DOMCOV_OK || status == DOMCOV_ERR_INPUT) {
        *out = dc_report_pack(&imp->report);
        if (*out == NULL)
            status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    }
    if (status != DOMCOV_OK)
        imp->failed = 1;
    return status;
}

void domcov_import_free(domcov_import *imp)
{
    int i;

    if (imp == NULL)
        return;
    dc_zones_close(imp->zones);
    dc_offices_close(imp->offices);
    dc_houses_close(imp->houses);
    dc_writer_free(imp->w);  /* removes the copy unless it was committed */
    dc_report_free(&imp->report);
    for (i = 0; i < OPT_COUNT; i++)
        free(imp->opt[i]);
    free(imp->path);
    free(imp->label);
    free(imp);
}

/* The one-call imports: commit what begin started (begin_status OK), and free it. */
static int commit_and_free(int begin_status, domcov_import **imp, domcov_import_report **out)
{
    int status = begin_status;

    if (status == DOMCOV_OK)
        status = domcov_import_commit(*imp, out);
    domcov_import_free(*imp);
    return status;
}

int domcov_import_zones(const char *store_path, const char *geojson_path,
                        const domcov_zone_import_options *opts, domcov_import_report **out)
{
    domcov_import *imp = NULL;

    if (out == NULL)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "out is NULL");
    *out = NULL;
    return commit_and_free(domcov_import_zones_begin(store_path, geojson_path, opts, &imp), &imp, out);
}

int domcov_import_offices(const char *store_path, const char *path,
                          const domcov_office_import_options *opts, domcov_import_report **out)
{
    domcov_import *imp = NULL;

    if (out == NULL)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "out is NULL");
    *out = NULL;
    return commit_and_free(domcov_import_offices_begin(store_path, path, opts, &imp), &imp, out);
}

int domcov_import_houses(const char *store_path, const char *csv_path,
                         const domcov_house_import_options *opts, domcov_import_report **out)
{
    domcov_import *imp = NULL;

    if (out == NULL)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "out is NULL");
    *out = NULL;
    return commit_and_free(domcov_import_houses_begin(store_path, csv_path, opts, &imp), &imp, out);
}
