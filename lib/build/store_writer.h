/*
 * Writes a coverage store into a temporary file beside its final path and
 * renames it into place on commit: the atomic file swap every build and
 * import relies on (readers of the old file are never disturbed).
 */
#ifndef DC_STORE_WRITER_H
#define DC_STORE_WRITER_H

#include "domcov.h"

#include <stddef.h>
#include <stdint.h>

typedef struct dc_writer dc_writer;

typedef struct dc_city_row {
    const char *code, *name, *type, *region, *support_phone, *sales_phone, *timezone;
    double lat, lon;
} dc_city_row;

typedef struct dc_zone_row {
    const char *zone_id, *service, *technology, *status, *name;
    int64_t city_id;              /* 0 when none */
    const unsigned char *wkb;     /* MULTIPOLYGON, lon/lat */
    size_t wkb_len;
} dc_zone_row;

typedef struct dc_house_row {
    const char *ext_id;
    int64_t street_id;
    const char *number, *letter, *korpus, *stroenie, *address;
    int has_point;
    double lat, lon;
} dc_house_row;

typedef struct dc_office_row {
    const char *ext_id, *kind, *name, *address, *hours;
    int64_t city_id;              /* 0 when none */
    double lat, lon;
} dc_office_row;

/* Creates the temporary store with the schema.  Errors go through dc_fail. */
int dc_writer_create(const char *final_path, dc_writer **out);
int dc_writer_meta(dc_writer *w, const char *key, const char *value);
/* Row ids through *id.  A duplicate unique key gives DOMCOV_ERR_INPUT. */
int dc_writer_city(dc_writer *w, const dc_city_row *row, int64_t *id);
int dc_writer_zone(dc_writer *w, const dc_zone_row *row);
int dc_writer_street(dc_writer *w, int64_t city_id, const char *type, const char *name,
                     int64_t *id);
int dc_writer_house(dc_writer *w, const dc_house_row *row);
int dc_writer_office(dc_writer *w, const dc_office_row *row);
/* City row id by code or name (case-sensitive as stored); 0 when unknown. */
int64_t dc_writer_city_id(dc_writer *w, const char *code_or_name);
/* Looks the city's name and type up by row id (for composing addresses); strings owned by w. */
int dc_writer_city_label(dc_writer *w, int64_t city_id, const char **name, const char **type);
/* Finishes the store and renames it over the final path. */
int dc_writer_commit(dc_writer *w);
/* Removes the temporary file; NULL ok.  Safe after commit. */
void dc_writer_free(dc_writer *w);

#endif
