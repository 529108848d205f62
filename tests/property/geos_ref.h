/*
 * The reference answer: a store's zones read back through SpatiaLite
 * (AsBinary, so our own blob decoder is not involved), GEOS prepared
 * geometries in an STRtree, and GEOSPreparedIntersects of the point
 * (boundary counts as covered).  Used by the property test and the bench.
 */
#ifndef DC_GEOS_REF_H
#define DC_GEOS_REF_H

#ifndef GEOS_USE_ONLY_R_API
#define GEOS_USE_ONLY_R_API
#endif
#include <geos_c.h>

typedef struct geos_ref {
    GEOSContextHandle_t ctx;
    int n;
    char **zone_ids;                       /* in store row order (ORDER BY id) */
    GEOSGeometry **geoms;
    const GEOSPreparedGeometry **prepared;
    GEOSSTRtree *tree;
    int *items;                            /* item i is the zone number i */
    int *found;                            /* scratch for a query */
    int nfound;
} geos_ref;

/* 0, or -1 with a message on stderr. */
int geos_ref_open(geos_ref *r, const char *store_path);
void geos_ref_close(geos_ref *r);

/* Zones whose closed area holds (lon, lat), ascending, into out (room for r->n); returns the count.
 */
int geos_ref_query(geos_ref *r, double lon, double lat, int *out);

#endif
