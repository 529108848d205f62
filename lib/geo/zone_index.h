/* A uniform grid over the zones: each cell lists the zones whose bbox meets it. */
#ifndef DC_ZONE_INDEX_H
#define DC_ZONE_INDEX_H

#include "polygon.h"

#include <stdint.h>

typedef struct dc_zone_index {
    dc_bbox bbox;          /* of all zones */
    uint32_t nx, ny;       /* cells across and down */
    double cell_w, cell_h; /* degrees */
    uint32_t *cell_start;  /* nx*ny+1 offsets into items */
    uint32_t *items;       /* zone indexes */
} dc_zone_index;

/* geoms[i] is the geometry of zone i.  0, or -2 when out of memory. */
int dc_zone_index_build(dc_zone_index *idx, const dc_mpoly *const *geoms, uint32_t n);
void dc_zone_index_free(dc_zone_index *idx);

/* The candidate zones for a point (their bbox may still miss it); *n = 0 outside the grid. */
const uint32_t *dc_zone_index_candidates(const dc_zone_index *idx, double lon, double lat,
                                         uint32_t *n);

#endif
