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
/*
 * For imports: takes the store's import lock (store_copy.h), copies the
 * existing store at final_path to the temporary file and opens that with
 * SpatiaLite inside one transaction.  Commit renames it over final_path;
 * freeing without commit leaves final_path byte-for-byte as it was.
 * DOMCOV_ERR_NOT_STORE / DOMCOV_ERR_FORMAT_VERSION for a file we must not write.
 */
int dc_writer_open_copy(const char *final_path, dc_writer **out);
/*
 * For imports that may create the store (house registers): dc_writer_open_copy
 * when final_path exists, else dc_writer_create holding the same import lock
 * (*created = 1), so two imports creating one store cannot overwrite each other.
 */
int dc_writer_open_or_create(const char *final_path, dc_writer **out, int *created);
/* 1 for a writer from dc_writer_open_copy: rows are upserted by id. */
int dc_writer_is_update(const dc_writer *w);
/*
 * Records that this import names `id` in `table` ("zones" or "offices");
 * DOMCOV_ERR_INPUT when it already did (one file must not name an id twice).
 * Update writers only.
 */
int dc_writer_claim(dc_writer *w, const char *table, const char *id);
/* Insert, or replace the row with the same id (*updated = 1).  Update writers only. */
int dc_writer_zone_upsert(dc_writer *w, const dc_zone_row *row, int *updated);
int dc_writer_office_upsert(dc_writer *w, const dc_office_row *row, int *updated);
/*
 * Deletes the zones of a city that this import did not claim (--replace-city).
 * *count gets how many; the ids go to `ids` comma-separated (at most `max_ids`
 * of them, the rest as "..."), ids may be NULL.
 */
int dc_writer_prune_city_zones(dc_writer *w, int64_t city_id, int max_ids, char **ids,
                               long long *count);
int dc_writer_meta(dc_writer *w, const char *key, const char *value);
/* Row ids through *id.  A duplicate unique key gives DOMCOV_ERR_INPUT. */
int dc_writer_city(dc_writer *w, const dc_city_row *row, int64_t *id);
int dc_writer_zone(dc_writer *w, const dc_zone_row *row);
int dc_writer_street(dc_writer *w, int64_t city_id, const char *type, const char *name,
                     int64_t *id);
int dc_writer_house(dc_writer *w, const dc_house_row *row);
/* Inserts or updates by ext_id; *updated says which. */
int dc_writer_house_upsert(dc_writer *w, const dc_house_row *row, int *updated);
/* Moves a city's centre to the mean of its houses (for cities a register import creates). */
int dc_writer_recentre_city(dc_writer *w, int64_t city_id);
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
