/*
 * The CRS of an import file and its reprojection to WGS84 lon/lat (PROJ).
 * Shared by the GeoJSON readers of zones and offices.
 */
#ifndef DC_CRS_H
#define DC_CRS_H

#include "json.h"

#include <stddef.h>

typedef struct dc_crs dc_crs;

/*
 * The name in a GeoJSON 2008 `crs` member ({"type": "name", "properties":
 * {"name": "EPSG:3857"}}): *name is NULL when the member is absent or null.
 * Returns -1 when the member is there but names nothing (a "link" crs, ...).
 */
int dc_geojson_crs_name(const dc_json *root, const char **name);

/*
 * Reads the file at path (at most max_bytes) as a GeoJSON FeatureCollection:
 * *root its tree (the caller frees it with dc_json_free; it holds every
 * string, the text is gone), *features its features array, *crs_name the
 * name of its crs member (NULL without one).  DOMCOV_ERR_INPUT naming label
 * (and line and column for bad JSON) when it is not one; *root NULL then.
 */
int dc_geojson_read_collection(const char *path, size_t max_bytes, const char *label,
                               dc_json **root, const dc_json **features, const char **crs_name);

/*
 * Prepares the reprojection from `name` (anything PROJ knows: "EPSG:3857",
 * "urn:ogc:def:crs:EPSG::32640", a PROJ string) to WGS84 lon/lat.  *out is
 * NULL when no reprojection is needed (NULL name, CRS84, EPSG:4326).
 * DOMCOV_ERR_INPUT for a CRS PROJ cannot use; `label` names the file.
 */
int dc_crs_open(const char *name, const char *label, dc_crs **out);

/*
 * (x, y) as the file has them (easting/northing, or lon/lat whatever the
 * CRS's official axis order) to lon/lat.  c may be NULL (identity).  Returns
 * 0, or -1 when the result is not a finite coordinate within range.
 */
int dc_crs_to_wgs84(dc_crs *c, double x, double y, double *lon, double *lat);

void dc_crs_free(dc_crs *c);

#endif
