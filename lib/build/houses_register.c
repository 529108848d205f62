/*
 * House registers: geocoded address strings -> streets and houses.  The
 * normalizer splits each address; the store keeps the parts (so the matcher
 * compares like with like) and the original text.  import.c drives the
 * reader through the begin/step/commit protocol of every import.
 */
#include "houses_register.h"

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

/* The option strings the reader keeps (copies: the caller's may go after begin). */
enum { OPT_ID, OPT_ADDRESS, OPT_LAT, OPT_LON, OPT_CITY, NOPTS };

struct dc_houses_reader {
    FILE *f;
    dc_csv_reader *csv;
    dc_csv_options csv_opt;
    const char *label;
    char *opt[NOPTS];        /* column names (defaults filled in) and the default city */
    int col[NCOLS];
    size_t header_fields;
    long long total;         /* data rows, -1 when the file cannot be read twice (a pipe) */
    char where[256];
    /* Set for the duration of one dc_houses_next. */
    dc_writer *w;
    dc_report *report;
    int64_t *new_cities;     /* cities this import created: recentred at the end */
    size_t nnew, capnew;
};

typedef struct dc_houses_reader import_ctx;

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
    const char *name = a->city ? a->city : c->opt[OPT_CITY];
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
        dc_report_reject(c->report, c->where, "column '%s' is empty", c->opt[OPT_ID]);
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
    size_t f;
    int i;

    /* Columns are NCOLS first options, in the same order. */
    for (i = 0; i < NCOLS; i++) {
        c->col[i] = -1;
        for (f = 0; f < h->nfields; f++)
            if (strcmp(h->fields[f], c->opt[i]) == 0)
                c->col[i] = (int)f;
        if (c->col[i] < 0)
            return dc_fail(NULL, DOMCOV_ERR_INPUT, "header has no column '%s'", c->opt[i]);
    }
    c->header_fields = h->nfields;
    return DOMCOV_OK;
}

/* A line with nothing on it is no row: it is neither read nor rejected. */
static int blank(const dc_csv_record *rec)
{
    return rec->nfields == 1 && rec->lengths[0] == 0 && rec->error == NULL;
}

/* Opens the CSV reader at the start of the file and reads the header. */
static int read_header(import_ctx *c)
{
    dc_csv_record rec;
    int rc;

    dc_csv_close(c->csv);
    c->csv = NULL;
    if (dc_csv_open_file(c->f, &c->csv_opt, &c->csv) != 0)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    rc = dc_csv_next(c->csv, &rec);
    if (rc < 0)
        return dc_fail(NULL, DOMCOV_ERR_IO, "cannot read '%s': %s", c->label, strerror(errno));
    if (rc == 0)
        return dc_fail(NULL, DOMCOV_ERR_INPUT, "%s: empty file (no header)", c->label);
    if (rec.error)
        return dc_fail(NULL, DOMCOV_ERR_INPUT, "%s:%llu: bad header: %s", c->label, rec.line, rec.error);
    return map_header(c, &rec);
}

/*
 * The rows of a file that can be read twice are counted first, so progress
 * has a total; the reader then starts again after the header.
 */
static int count_rows(import_ctx *c)
{
    dc_csv_record rec;
    struct stat st;
    long long n = 0;
    int rc, status;

    c->total = -1;
    if (fstat(fileno(c->f), &st) != 0 || !S_ISREG(st.st_mode))
        return DOMCOV_OK;
    while ((rc = dc_csv_next(c->csv, &rec)) == 1)
        n += !blank(&rec);
    if (rc < 0)
        return dc_fail(NULL, DOMCOV_ERR_IO, "cannot read '%s': %s", c->label, strerror(errno));
    if (fseek(c->f, 0, SEEK_SET) != 0)
        return dc_fail(NULL, DOMCOV_ERR_IO, "cannot rewind '%s': %s", c->label, strerror(errno));
    if ((status = read_header(c)) == DOMCOV_OK)
        c->total = n;
    return status;
}

static int copy_opts(import_ctx *c, const domcov_house_import_options *o)
{
    const char *values[NOPTS];
    int i;

    values[OPT_ID] = o->id_column && *o->id_column ? o->id_column : "house_id";
    values[OPT_ADDRESS] = o->address_column && *o->address_column ? o->address_column : "address";
    values[OPT_LAT] = o->lat_column && *o->lat_column ? o->lat_column : "lat";
    values[OPT_LON] = o->lon_column && *o->lon_column ? o->lon_column : "lon";
    values[OPT_CITY] = o->city && *o->city ? o->city : NULL;
    for (i = 0; i < NOPTS; i++)
        if (values[i] && (c->opt[i] = strdup(values[i])) == NULL)
            return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    return DOMCOV_OK;
}

int dc_houses_open(const char *path, const char *label, const domcov_house_import_options *opts,
                   dc_houses_reader **out)
{
    import_ctx *c;
    int status;

    *out = NULL;
    if (opts->delimiter && (opts->delimiter < 0 || opts->delimiter > 127 ||
                            !strchr(",;\t|", opts->delimiter)))
        return dc_fail(NULL, DOMCOV_ERR_ARG, "delimiter must be one of , ; tab |");
    if ((c = calloc(1, sizeof *c)) == NULL)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    c->label = label;
    c->csv_opt.delimiter = (char)opts->delimiter;
    if ((status = copy_opts(c, opts)) != DOMCOV_OK)
        goto cleanup;
    if ((c->f = fopen(path, "rb")) == NULL) {
        status = dc_fail(NULL, DOMCOV_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
        goto cleanup;
    }
    if ((status = read_header(c)) != DOMCOV_OK)
        goto cleanup;
    status = count_rows(c);
cleanup:
    if (status != DOMCOV_OK)
        dc_houses_close(c);
    else
        *out = c;
    return status;
}

long long dc_houses_count(const dc_houses_reader *r)
{
    return r->total;
}

int dc_houses_next(dc_houses_reader *c, dc_writer *w, dc_report *report, int *done)
{
    dc_csv_record rec;
    int rc, status = DOMCOV_OK;

    *done = 0;
    c->w = w;
    c->report = report;
    while ((rc = dc_csv_next(c->csv, &rec)) == 1 && blank(&rec))
        ;
    if (rc < 0)
        return dc_fail(NULL, DOMCOV_ERR_IO, "cannot read '%s': %s", c->label, strerror(errno));
    if (rc == 0) {
        *done = 1;
        return DOMCOV_OK;
    }
    snprintf(c->where, sizeof c->where, "%s:%llu", c->label, rec.line);
    report->read++;
    if (rec.error)
        dc_report_reject(report, c->where, "%s", rec.error);
    else if (rec.nfields != c->header_fields)
        dc_report_reject(report, c->where, "%zu fields, the header has %zu", rec.nfields,
                         c->header_fields);
    else
        status = import_row(c, &rec);
    return status;
}

int dc_houses_finish(dc_houses_reader *c, dc_writer *w)
{
    size_t i;
    int status = DOMCOV_OK;

    for (i = 0; i < c->nnew && status == DOMCOV_OK; i++)
        status = dc_writer_recentre_city(w, c->new_cities[i]);
    return status;
}

void dc_houses_close(dc_houses_reader *c)
{
    int i;

    if (c == NULL)
        return;
    dc_csv_close(c->csv);
    if (c->f)
        fclose(c->f);
    for (i = 0; i < NOPTS; i++)
        free(c->opt[i]);
    free(c->new_cities);
    free(c);
}
