/*
 * Build-time helper of the point index: a zone's edges bucketed by
 * horizontal slabs, so that the ray-crossing parity of a point (GEOS's
 * rule, exactly) costs the few edges of one slab instead of every edge.
 */
#ifndef DC_ZONE_SLABS_H
#define DC_ZONE_SLABS_H

#include "polygon.h"

#include <stdint.h>

typedef struct dc_slabs {
    const dc_mpoly *mp;
    double y0, scale;   /* slab of y: (y - y0) * scale */
    uint32_t ns;
    uint32_t *start;    /* ns + 1 offsets into edges */
    uint32_t *edges;    /* start vertex of each non-horizontal edge, slab by slab */
} dc_slabs;

/* 0, or -2 when out of memory. */
int dc_slabs_build(dc_slabs *s, const dc_mpoly *mp);
void dc_slabs_free(dc_slabs *s);

/*
 * Parity of the crossings of the ray from (px, py) towards +x with all
 * the zone's rings (1: inside for a valid (multi)polygon).  Sets
 * *on_boundary when GEOS's counter would have stopped on the boundary;
 * boundary points it does not see (horizontal edges, a vertex that is a
 * local maximum) the caller checks itself.
 */
int dc_slabs_parity(const dc_slabs *s, double px, double py, int *on_boundary);

#endif
