/*
 * domcov_import_houses: a register of geocoded address strings -> streets
 * and houses.  The normalizer splits each address; the store keeps the parts
 * (so the matcher compares like with like) and the original text.
 */
#include "domcov.h"

#include "csv.h"
#include "error.h"
#include "name_key.h"
#include "report.h"
#include "store_writer.h"
#include "strbuf.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

/* Failed geocoders put houses at Moscow's centre (the shared data's geocode_ok=0 rows). */
#define PLACEHOLDER_LAT 55.76
#define PLACEHOLDER_LON 37.64
#define PLACEHOLDER_EPS 0.005

/* Federal numbers for cities the register brings and the store does not know yet. */
#define FEDERAL_SUPPORT "8-800-333-7000"
#define FEDERAL_SALES "8-800-700-67-90"

enum { COL_ID, COL_ADDRESS, COL_LAT, COL_LON, NCOLS };

typedef struct import_ctx {
    dc_writer *w;
    dc_report *report;
    const domcov_house_import_options *opts;
    int col[NCOLS];
    size_t header_fields;
    char where[256];
    int64_t *new_cities;     /* cities this import created: recentred at the end */
    size_t nnew, capnew;
} import_ctx;

static const char *opt_or(const char *v, const char *def)
{
    return v && *v ? v : def;
}

/* "8 марта" -> "8 Марта": display names from normalized (lower-case) parts. */
static char *title_case(const char *s)
{
    static const char *const keep_lower[] = {"лет", "летия", "им", "имени", "и", "де", "ла", "на"};
    dc_strbuf sb = DC_STRBUF_INIT;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
    int word_start = 1, prev_letter = 0;

    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t used = utf8proc_iterate(p, left, &cp);
        utf8proc_uint8_t enc[4];
        size_t k;
        int lower_word = 0;

        if (used <= 0)
            break;
        if (word_start) {
            for (k = 0; k < sizeof keep_lower / sizeof keep_lower[0]; k++) {
                size_t n = strlen(keep_lower[k]);
                if (strncmp((const char *)p, keep_lower[k], n) == 0 && (p[n] == ' ' || p[n] == '\0'))
                    lower_word = 1;
            }
            if (!lower_word)
                cp = utf8proc_toupper(cp);
        }
        /* "10-я" stays lower case after the hyphen; "Нижне-Исетская" does not. */
        word_start = cp == ' ' || cp == '.' || (cp == '-' && prev_letter);
        prev_letter = utf8proc_category(cp) >= UTF8PROC_CATEGORY_LU &&
                      utf8proc_category(cp) <= UTF8PROC_CATEGORY_LO;
        dc_strbuf_append(&sb, (const char *)enc, (size_t)utf8proc_encode_char(cp, enc));
        p += used;
        left -= used;
    }
    return sb.failed ? NULL : dc_strbuf_take(&sb);
}

static int parse_coord(const char *s, double *v)
{
    char *end;

    if (*s == '\0')
        return -1;
    errno = 0;
    *v = strtod(s, &end);
    return *end == '\0' && errno == 0 && isfinite(*v) ? 0 : -1;
}

/* The city row for an address, created (with federal phones) when new. */
static int ensure_city(import_ctx *c, const domcov_address *a, int64_t *id)
{
    const char *name = a->city ? a->city : c->opts->city;
    char key[512], code[700];
    char *display = NULL;
    dc_city_row row;
    int status;

    *id = 0;
    if (name == NULL || dc_name_key(name, key, sizeof key) != 0)
        return DOMCOV_OK;
    /* Settlements of one name in several districts stay apart: a district makes
     * the code ("лесной/исилькульский"), and only a text without one may take a
     * city by its name. */
    if (a->district)
        snprintf(code, sizeof code, "%s/%s", key, a->district);
    else
        snprintf(code, sizeof code, "%s", key);
    if ((*id = dc_writer_city_id(c->w, code)) != 0)
        return DOMCOV_OK;
    if (a->district == NULL && (*id = dc_writer_city_id(c->w, name)) != 0)
        return DOMCOV_OK;
    if ((display = title_case(name)) == NULL)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    memset(&row, 0, sizeof row);
    row.code = code;
    row.name = display;
    row.type = a->city_type ? a->city_type : "г";
    row.region = a->region ? a->region : "";
    row.support_phone = FEDERAL_SUPPORT;
    row.sales_phone = FEDERAL_SALES;
    row.timezone = "";
    status = dc_writer_city(c->w, &row, id);
    free(display);
    if (status == DOMCOV_OK) {
        if (c->nnew == c->capnew) {
            size_t cap = c->capnew ? c->capnew * 2 : 16;
            int64_t *p = realloc(c->new_cities, sizeof *p * cap);
            if (p == NULL)
                return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
            c->new_cities = p;
            c->capnew = cap;
        }
        c->new_cities[c->nnew++] = *id;
    }
    return status;
}

static int import_row(import_ctx *c, const dc_csv_record *rec)
{
    const char *id = rec->fields[c->col[COL_ID]], *text = rec->fields[c->col[COL_ADDRESS]];
    domcov_address *a = NULL;
    dc_house_row h;
    int64_t city_id = 0, street_id = 0;
    char *street_name = NULL;
    int status, updated = 0;

    memset(&h, 0, sizeof h);
    if (*id == '\0') {
        dc_report_reject(c->report, c->where, "column '%s' is empty", opt_or(c->opts->id_column, "house_id"));
        return DOMCOV_OK;
    }
    status = domcov_normalize(text, &a);
    if (status != DOMCOV_OK) {
        dc_report_reject(c->report, c->where, "address not understood: %s", domcov_errmsg(NULL));
        return DOMCOV_OK;
    }
    if (a->house == NULL) {
        dc_report_reject(c->report, c->where, "address '%.120s' has no house number", text);
        goto cleanup;
    }
    if ((status = ensure_city(c, a, &city_id)) != DOMCOV_OK)
        goto cleanup;
    if (city_id == 0) {
        dc_report_reject(c->report, c->where, "address '%.120s' names no city (give --city)", text);
        goto cleanup;
    }
    /* Houses of a settlement without streets hang on an unnamed street. */
    street_name = title_case(a->street ? a->street : "");
    if (street_name == NULL) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if ((status = dc_writer_street(c->w, city_id, a->street_type ? a->street_type : "",
                                   street_name, &street_id)) != DOMCOV_OK)
        goto cleanup;
    h.ext_id = id;
    h.street_id = street_id;
    h.number = a->house;
    h.letter = a->letter;
    h.korpus = a->korpus;
    h.stroenie = a->stroenie;
    h.address = text;
    h.has_point = parse_coord(rec->fields[c->col[COL_LAT]], &h.lat) == 0 &&
                  parse_coord(rec->fields[c->col[COL_LON]], &h.lon) == 0 && h.lat >= -90 &&
                  h.lat <= 90 && h.lon >= -180 && h.lon <= 180 &&
                  !(fabs(h.lat - PLACEHOLDER_LAT) < PLACEHOLDER_EPS &&
                    fabs(h.lon - PLACEHOLDER_LON) < PLACEHOLDER_EPS);
    if (!h.has_point) {
        c->report->without_point++;
        dc_report_add(c->report, c->where, "kept without a point: coordinates '%.30s', '%.30s' are "
                      "not usable", rec->fields[c->col[COL_LAT]], rec->fields[c->col[COL_LON]]);
    }
    status = dc_writer_house_upsert(c->w, &h, &updated);
    if (status == DOMCOV_ERR_INPUT) {
        dc_report_reject(c->report, c->where, "%s", domcov_errmsg(NULL));
        status = DOMCOV_OK;
    } else if (status == DOMCOV_OK) {
        if (updated)
            c->report->updated++;
        else
            c->report->imported++;
    }
cleanup:
    free(street_name);
    domcov_address_free(a);
    return status;
}

static int map_header(import_ctx *c, const dc_csv_record *h)
{
    const char *names[NCOLS];
    size_t f;
    int i;

    names[COL_ID] = opt_or(c->opts->id_column, "house_id");
    names[COL_ADDRESS] = opt_or(c->opts->address_column, "address");
    names[COL_LAT] = opt_or(c->opts->lat_column, "lat");
    names[COL_LON] = opt_or(c->opts->lon_column, "lon");
    for (i = 0; i < NCOLS; i++) {
        c->col[i] = -1;
        for (f = 0; f < h->nfields; f++)
            if (strcmp(h->fields[f], names[i]) == 0)
                c->col[i] = (int)f;
        if (c->col[i] < 0)
            return dc_fail(NULL, DOMCOV_ERR_INPUT, "header has no column '%s'", names[i]);
    }
    c->header_fields = h->nfields;
    return DOMCOV_OK;
}

static int run_import(import_ctx *c, FILE *f, const char *label)
{
    dc_csv_reader *reader = NULL;
    dc_csv_options copt = {(char)c->opts->delimiter, 0};
    dc_csv_record rec;
    int rc, status = DOMCOV_OK, have_header = 0;

    if (dc_csv_open_file(f, &copt, &reader) != 0)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    while ((rc = dc_csv_next(reader, &rec)) == 1) {
        snprintf(c->where, sizeof c->where, "%s:%llu", label, rec.line);
        if (!have_header) {
            if (rec.error) {
                status = dc_fail(NULL, DOMCOV_ERR_INPUT, "%s: bad header: %s", c->where, rec.error);
                break;
            }
            if ((status = map_header(c, &rec)) != DOMCOV_OK)
                break;
            have_header = 1;
            continue;
        }
        if (rec.nfields == 1 && rec.lengths[0] == 0 && rec.error == NULL)
            continue;
        c->report->read++;
        if (rec.error)
            dc_report_reject(c->report, c->where, "%s", rec.error);
        else if (rec.nfields != c->header_fields)
            dc_report_reject(c->report, c->where, "%zu fields, the header has %zu", rec.nfields, c->header_fields);
        else if ((status = import_row(c, &rec)) != DOMCOV_OK)
            break;
    }
    if (status == DOMCOV_OK && rc < 0)
        status = dc_fail(NULL, DOMCOV_ERR_IO, "cannot read '%s': %s", label, strerror(errno));
    else if (status == DOMCOV_OK && !have_header)
        status = dc_fail(NULL, DOMCOV_ERR_INPUT, "%s: empty file (no header)", label);
    dc_csv_close(reader);
    return status;
}

int domcov_import_houses(const char *store_path, const char *csv_path,
                         const domcov_house_import_options *opts, domcov_import_report **out)
{
    static const domcov_house_import_options defaults;
    import_ctx c;
    dc_report report;
    FILE *f = NULL;
    struct stat st;
    size_t i;
    int status, is_new;

    dc_clear_error();
    memset(&c, 0, sizeof c);
    memset(&report, 0, sizeof report);
    if (out == NULL)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "out is NULL");
    *out = NULL;
    if (store_path == NULL || csv_path == NULL || !*store_path || !*csv_path)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "store_path and csv_path must be given");
    c.opts = opts ? opts : &defaults;
    c.report = &report;
    if (c.opts->flags & ~DOMCOV_IMPORT_STRICT)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "unknown flags 0x%x", c.opts->flags);
    if (c.opts->delimiter && !strchr(",;\t|", c.opts->delimiter))
        return dc_fail(NULL, DOMCOV_ERR_ARG, "delimiter must be one of , ; tab |");
    f = fopen(csv_path, "rb");
    if (f == NULL)
        return dc_fail(NULL, DOMCOV_ERR_IO, "cannot open '%s': %s", csv_path, strerror(errno));
    is_new = stat(store_path, &st) != 0;
    status = is_new ? dc_writer_create(store_path, &c.w) : dc_writer_open_copy(store_path, &c.w);
    if (status != DOMCOV_OK)
        goto cleanup;
    if (is_new && (status = dc_writer_meta(c.w, "source", "domcov import houses")) != DOMCOV_OK)
        goto cleanup;
    if ((status = run_import(&c, f, csv_path)) != DOMCOV_OK)
        goto cleanup;
    for (i = 0; i < c.nnew && status == DOMCOV_OK; i++)
        status = dc_writer_recentre_city(c.w, c.new_cities[i]);
    if (status != DOMCOV_OK)
        goto cleanup;
    if (report.nomem) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for the import report");
        goto cleanup;
    }
    if ((c.opts->flags & DOMCOV_IMPORT_STRICT) && report.rejected > 0) {
        status = dc_fail(NULL, DOMCOV_ERR_INPUT, "%lld rows rejected (strict mode): the store is "
                         "unchanged; first: %s", report.rejected,
                         report.nmessages ? report.messages[0] : "?");
        goto cleanup;
    }
    status = dc_writer_commit(c.w);
cleanup:
    if (status == DOMCOV_OK || status == DOMCOV_ERR_INPUT) {
        *out = dc_report_pack(&report);
        if (*out == NULL)
            status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    }
    dc_writer_free(c.w);
    dc_report_free(&report);
    free(c.new_cities);
    fclose(f);
    return status;
}
