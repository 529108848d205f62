/* Zone geometry in memory: a multipolygon of lon/lat rings, and queries on it. */
#ifndef DC_POLYGON_H
#define DC_POLYGON_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* Metres per degree of latitude, and of longitude at the equator (WGS84 mean values). */
#define DC_M_PER_DEG_LAT 111132.954
#define DC_M_PER_DEG_LON_EQ 111319.491

typedef struct dc_bbox {
    double minx, miny, maxx, maxy; /* x = longitude, y = latitude */
} dc_bbox;

typedef struct dc_ring {
    uint32_t start;  /* index of the first vertex in dc_mpoly.xy (pairs) */
    uint32_t count;  /* vertices, the closing one included */
} dc_ring;

typedef struct dc_poly {
    uint32_t first_ring; /* the shell; holes follow */
    uint32_t ring_count;
    dc_bbox bbox;
} dc_poly;

typedef struct dc_mpoly {
    dc_poly *polys;
    uint32_t npolys;
    dc_ring *rings;
    uint32_t nrings;
    double *xy;          /* lon, lat pairs */
    uint32_t nvertices;
    dc_bbox bbox;
} dc_mpoly;

enum dc_location { DC_LOC_EXTERIOR = 0, DC_LOC_BOUNDARY = 1, DC_LOC_INTERIOR = 2 };

/*
 * Reads a SpatiaLite geometry BLOB holding a POLYGON or MULTIPOLYGON (XY,
 * uncompressed, as our store writer produces).  Returns 0, or -1 with a
 * reason in err when the bytes are not such a geometry, or -2 when out of
 * memory.  Every length is checked against the blob size.
 */
int dc_mpoly_from_spatialite(const unsigned char *blob, size_t len, dc_mpoly *out, char *err,
                             size_t errlen);
void dc_mpoly_free(dc_mpoly *mp);

/* Where (lon, lat) lies: same rules as GEOS's point locator (ray crossing). */
int dc_mpoly_locate(const dc_mpoly *mp, double lon, double lat);

/*
 * The point of the boundary nearest to (lat, lon), measured in a local
 * equirectangular plane around the query point (accurate to well under 1%
 * within tens of kilometres; the caller measures the final distance
 * geodesically).  Returns the plane distance in metres.
 */
double dc_mpoly_nearest_boundary(const dc_mpoly *mp, double lat, double lon, double *near_lat,
                                 double *near_lon);

/* min and max of finite doubles: fmin/fmax are libm calls without -ffast-math (NaN rules). */
static inline double dc_dmin(double a, double b)
{
    return a < b ? a : b;
}

static inline double dc_dmax(double a, double b)
{
    return a > b ? a : b;
}

/* Metres per degree of longitude in the local plane around latitude lat. */
static inline double dc_plane_kx(double lat)
{
    return DC_M_PER_DEG_LON_EQ * cos(lat * M_PI / 180.0);
}

/*
 * Plane distance in metres from (lon, lat) to segment (x1, y1)-(x2, y2),
 * and the nearest point as metre offsets (*cx, *cy) from (lon, lat).
 * The one formula behind dc_mpoly_nearest_boundary and the grid's nearest
 * search, so both give bit-identical distances and points.
 */
static inline double dc_seg_plane_dist(double x1, double y1, double x2, double y2, double lon,
                                       double lat, double kx, double ky, double *cx, double *cy)
{
    double ax = (x1 - lon) * kx, ay = (y1 - lat) * ky;
    double vx = (x2 - lon) * kx - ax, vy = (y2 - lat) * ky - ay;
    double len2 = vx * vx + vy * vy;
    double t = len2 > 0 ? -(ax * vx + ay * vy) / len2 : 0;

    if (t < 0) t = 0;
    if (t > 1) t = 1;
    *cx = ax + t * vx;
    *cy = ay + t * vy;
    return sqrt(*cx * *cx + *cy * *cy);
}

/* Lower bound of the plane distance in metres from (lat, lon) to a bbox. */
double dc_bbox_distance_m(const dc_bbox *b, double lat, double lon);

int dc_bbox_contains(const dc_bbox *b, double lon, double lat);

#endif
