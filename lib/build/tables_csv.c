/* Loads the CSV tables of a store source (formats in docs/store-format.md). */
#include "tables_csv.h"

#include "csv.h"
#include "error.h"
#include "match/display.h"
#include "strbuf.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLUMNS 12

typedef struct table_spec {
    const char *columns[MAX_COLUMNS]; /* NULL-terminated */
    unsigned required;                /* bit i: columns[i] must be present */
} table_spec;

static const table_spec specs[] = {
    [DC_TABLE_CITIES] = {{"code", "name", "type", "region", "lat", "lon", "support_phone",
                          "sales_phone", "timezone", NULL},
                         0x7f},
    [DC_TABLE_HOUSES] = {{"house_id", "city", "street_type", "street", "house", "letter", "korpus",
                          "stroenie", "lat", "lon", NULL},
                         0x1f},
    [DC_TABLE_OFFICES] = {{"id", "city", "kind", "name", "address", "hours", "lat", "lon", NULL},
                          0xdf},
};

typedef struct row_ctx {
    dc_writer *w;
    dc_report *report;
    char where[200];
    int col[MAX_COLUMNS];      /* field index of each spec column, -1 when absent */
    const dc_csv_record *rec;
} row_ctx;

/* Field of a spec column; "" when the column is absent. */
static const char *field(const row_ctx *c, int column)
{
    int i = c->col[column];
    return i >= 0 && (size_t)i < c->rec->nfields ? c->rec->fields[i] : "";
}

/* Strict decimal number: the whole field, finite. */
static int parse_double(const char *s, double *v)
{
    char *end;

    if (*s == '\0')
        return -1;
    errno = 0;
    *v = strtod(s, &end);
    return (*end == '\0' && errno == 0 && isfinite(*v)) ? 0 : -1;
}

/* A writer failure: input problems reject the row, anything else aborts. */
static int writer_result(row_ctx *c, int status)
{
    if (status == DOMCOV_ERR_INPUT)
        return dc_report_reject(c->report, c->where, "%s", domcov_errmsg(NULL));
    if (status == DOMCOV_OK)
        c->report->imported++;
    return status;
}

static int city_row(row_ctx *c)
{
    dc_city_row r;

    memset(&r, 0, sizeof r);
    r.code = field(c, 0);
    r.name = field(c, 1);
    r.type = field(c, 2);
    r.region = field(c, 3);
    r.support_phone = field(c, 6);
    r.sales_phone = field(c, 7);
    r.timezone = field(c, 8);
    if (!*r.code || !*r.name)
        return dc_report_reject(c->report, c->where, "empty code or name");
    if (parse_double(field(c, 4), &r.lat) != 0 || r.lat < -90 || r.lat > 90)
        return dc_report_reject(c->report, c->where, "column 'lat': '%.40s' is not a latitude", field(c, 4));
    if (parse_double(field(c, 5), &r.lon) != 0 || r.lon < -180 || r.lon > 180)
        return dc_report_reject(c->report, c->where, "column 'lon': '%.40s' is not a longitude", field(c, 5));
    if (!*r.support_phone || !*r.sales_phone)
        return dc_report_reject(c->report, c->where, "empty support_phone or sales_phone");
    return writer_result(c, dc_writer_city(c->w, &r, NULL));
}

static int house_row(row_ctx *c)
{
    dc_house_row r;
    const char *city = field(c, 1), *city_name, *city_type;
    int64_t city_id, street_id = 0;
    dc_strbuf address = DC_STRBUF_INIT;
    int status;

    memset(&r, 0, sizeof r);
    r.ext_id = field(c, 0);
    r.number = field(c, 4);
    r.letter = field(c, 5);
    r.korpus = field(c, 6);
    r.stroenie = field(c, 7);
    if (!*r.ext_id)
        return dc_report_reject(c->report, c->where, "column 'house_id' is empty");
    if (!*field(c, 3) || !*field(c, 2))
        return dc_report_reject(c->report, c->where, "column 'street' or 'street_type' is empty");
    if (!*r.number)
        return dc_report_reject(c->report, c->where, "column 'house' is empty");
    if ((city_id = dc_writer_city_id(c->w, city)) == 0)
        return dc_report_reject(c->report, c->where, "column 'city': '%.60s' is not in cities", city);
    r.has_point = parse_double(field(c, 8), &r.lat) == 0 && parse_double(field(c, 9), &r.lon) == 0 &&
                  r.lat >= -90 && r.lat <= 90 && r.lon >= -180 && r.lon <= 180;
    if (!r.has_point) {
        c->report->without_point++;
        if (*field(c, 8) || *field(c, 9))
            dc_report_add(c->report, c->where, "kept without a point: coordinates '%.30s', '%.30s' "
                          "are not usable", field(c, 8), field(c, 9));
    }
    if ((status = dc_writer_street(c->w, city_id, field(c, 2), field(c, 3), &street_id)) != DOMCOV_OK)
        return writer_result(c, status);
    if ((status = dc_writer_city_label(c->w, city_id, &city_name, &city_type)) != DOMCOV_OK)
        return status;
    dc_compose_address(&address, city_type, city_name, field(c, 2), field(c, 3), r.number,
                       r.letter, r.korpus, r.stroenie);
    if (address.failed) {
        dc_strbuf_free(&address);
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    }
    r.street_id = street_id;
    r.address = address.data;
    status = writer_result(c, dc_writer_house(c->w, &r));
    dc_strbuf_free(&address);
    return status;
}

static int office_row(row_ctx *c)
{
    dc_office_row r;
    const char *city = field(c, 1);

    memset(&r, 0, sizeof r);
    r.ext_id = field(c, 0);
    r.kind = field(c, 2);
    r.name = field(c, 3);
    r.address = field(c, 4);
    r.hours = field(c, 5);
    if (!*r.ext_id)
        return dc_report_reject(c->report, c->where, "column 'id' is empty");
    if (strcmp(r.kind, "office") != 0 && strcmp(r.kind, "terminal") != 0)
        return dc_report_reject(c->report, c->where, "column 'kind': '%.40s' is not office or terminal", r.kind);
    if (*city && (r.city_id = dc_writer_city_id(c->w, city)) == 0)
        return dc_report_reject(c->report, c->where, "column 'city': '%.60s' is not in cities", city);
    if (parse_double(field(c, 6), &r.lat) != 0 || r.lat < -90 || r.lat > 90)
        return dc_report_reject(c->report, c->where, "column 'lat': '%.40s' is not a latitude", field(c, 6));
    if (parse_double(field(c, 7), &r.lon) != 0 || r.lon < -180 || r.lon > 180)
        return dc_report_reject(c->report, c->where, "column 'lon': '%.40s' is not a longitude", field(c, 7));
    if (dc_writer_is_update(c->w)) {
        /* An import into an existing store: the row with the same id is replaced. */
        int updated = 0, status = dc_writer_office_upsert(c->w, &r, &updated);
        if (status == DOMCOV_OK && updated) {
            c->report->updated++;
            return DOMCOV_OK;
        }
        return writer_result(c, status);
    }
    return writer_result(c, dc_writer_office(c->w, &r));
}

static int map_header(row_ctx *c, const table_spec *spec, const dc_csv_record *h, const char *label)
{
    int i;
    size_t f;

    for (i = 0; spec->columns[i]; i++) {
        c->col[i] = -1;
        for (f = 0; f < h->nfields; f++)
            if (strcmp(h->fields[f], spec->columns[i]) == 0)
                c->col[i] = (int)f;
        if (c->col[i] < 0 && (spec->required >> i & 1))
            return dc_fail(NULL, DOMCOV_ERR_INPUT, "%s: header has no column '%s'", label,
                           spec->columns[i]);
    }
    return DOMCOV_OK;
}

int dc_import_csv_table(dc_writer *w, int table, const char *path, const char *label,
                        dc_report *report)
{
    FILE *f = NULL;
    dc_csv_reader *reader = NULL;
    dc_csv_options opt = {',', 0};
    dc_csv_record rec;
    row_ctx c;
    size_t header_fields = 0;
    int rc, status = DOMCOV_OK, have_header = 0;

    memset(&c, 0, sizeof c);
    c.w = w;
    c.report = report;
    f = fopen(path, "rb");
    if (f == NULL)
        return dc_fail(NULL, DOMCOV_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
    if (dc_csv_open_file(f, &opt, &reader) != 0) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    while ((rc = dc_csv_next(reader, &rec)) == 1) {
        c.rec = &rec;
        snprintf(c.where, sizeof c.where, "%s:%llu", label, rec.line);
        if (!have_header) {
            if (rec.error) {
                status = dc_fail(NULL, DOMCOV_ERR_INPUT, "%s: bad header: %s", c.where, rec.error);
                goto cleanup;
            }
            if ((status = map_header(&c, &specs[table], &rec, label)) != DOMCOV_OK)
                goto cleanup;
            header_fields = rec.nfields;
            have_header = 1;
            continue;
        }
        if (rec.nfields == 1 && rec.lengths[0] == 0 && rec.error == NULL)
            continue;  /* an empty line */
        report->read++;
        if (rec.error) {
            dc_report_reject(c.report, c.where, "%s", rec.error);
            continue;
        }
        if (rec.nfields != header_fields) {
            dc_report_reject(c.report, c.where, "%zu fields, the header has %zu", rec.nfields, header_fields);
            continue;
        }
        status = table == DC_TABLE_CITIES ? city_row(&c)
                 : table == DC_TABLE_HOUSES ? house_row(&c)
                                            : office_row(&c);
        if (status != DOMCOV_OK)
            goto cleanup;
    }
    if (rc < 0)
        status = dc_fail(NULL, DOMCOV_ERR_IO, "cannot read '%s': %s", path, strerror(errno));
    else if (!have_header)
        status = dc_fail(NULL, DOMCOV_ERR_INPUT, "%s: empty file (no header)", label);
cleanup:
    dc_csv_close(reader);
    fclose(f);
    return status;
}
