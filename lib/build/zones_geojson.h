/* Reads a GeoJSON FeatureCollection of coverage zones into a store being written. */
#ifndef DC_ZONES_GEOJSON_H
#define DC_ZONES_GEOJSON_H

#include "report.h"
#include "store_writer.h"

/* What command-line flags fill in where a feature's properties are silent. */
typedef struct dc_zone_defaults {
    const char *service;     /* "internet" / "tv" */
    const char *technology;
    const char *status;      /* "active" / "planned" */
    const char *city;        /* city code or name */
    const char *crs;         /* "EPSG:3857"; used when the file has no crs member */
} dc_zone_defaults;

/*
 * A zones file being imported feature by feature (imports report progress
 * between features).  dc_zones_open reads and parses the whole file and
 * prepares the reprojection; `defaults` and `label` must outlive the reader.
 * Errors of the file as a whole (unreadable, invalid JSON with line:column,
 * not a FeatureCollection, unknown CRS) fail dc_zones_open.
 */
typedef struct dc_zones_reader dc_zones_reader;

int dc_zones_open(const char *path, const char *label, const dc_zone_defaults *defaults,
                  dc_zones_reader **out);
/* Features in the file. */
size_t dc_zones_count(const dc_zones_reader *r);
/*
 * Imports the next feature (a bad one is rejected into the report);
 * *done = 1 once every feature was read.  A writer from dc_writer_open_copy
 * upserts by id and counts replaced zones as updated.  Returns a status only
 * for failures that must abort the whole import.
 */
int dc_zones_next(dc_zones_reader *r, dc_writer *w, dc_report *report, int *done);
void dc_zones_close(dc_zones_reader *r);

/*
 * Imports every feature of the file.  A bad feature is rejected into the
 * report (with its index) and the others go on; a file that is not
 * readable or not a FeatureCollection fails as a whole (DOMCOV_ERR_IO /
 * DOMCOV_ERR_INPUT).  `label` names the file in messages.
 */
int dc_import_zones_geojson(dc_writer *w, const char *path, const char *label,
                            const dc_zone_defaults *defaults, dc_report *report);

#endif
