/* Offices and payment terminals from a GeoJSON FeatureCollection of Points. */
#ifndef DC_OFFICES_GEOJSON_H
#define DC_OFFICES_GEOJSON_H

#include "report.h"
#include "store_writer.h"

/*
 * Feature properties are the columns of offices.csv (docs/store-format.md):
 * id, city, kind (office/terminal), name, address, hours; the Point gives
 * lat/lon (reprojected like zones: the file's crs member, else `crs`).
 * Same reader pattern as dc_zones_*: open parses, next imports one feature.
 */
typedef struct dc_offices_reader dc_offices_reader;

int dc_offices_open(const char *path, const char *label, const char *crs, dc_offices_reader **out);
size_t dc_offices_count(const dc_offices_reader *r);
int dc_offices_next(dc_offices_reader *r, dc_writer *w, dc_report *report, int *done);
void dc_offices_close(dc_offices_reader *r);

#endif
