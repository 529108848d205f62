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
 * Imports every feature of the file.  A bad feature is rejected into the
 * report (with its index) and the others go on; a file that is not
 * readable or not a FeatureCollection fails as a whole (DOMCOV_ERR_IO /
 * DOMCOV_ERR_INPUT).  `label` names the file in messages.
 */
int dc_import_zones_geojson(dc_writer *w, const char *path, const char *label,
                            const dc_zone_defaults *defaults, dc_report *report);

#endif
