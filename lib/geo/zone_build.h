/*
 * Internal to the zone index build (zone_index_build.c: the cells,
 * zone_index_leaf.c: what a leaf holds).
 */
#ifndef DC_ZONE_BUILD_H
#define DC_ZONE_BUILD_H

#include "zone_index.h"
#include "zone_slabs.h"

#include <stddef.h>
#include <stdint.h>

/* One edge of one zone. */
typedef struct dc_zb_pair {
    uint32_t zone, edge; /* edge: index of its start vertex in the zone's xy */
} dc_zb_pair;

/* kx x ky cells of cw x ch degrees from (x0, y0). */
typedef struct dc_zb_grid {
    double x0, y0, cw, ch;
    uint32_t kx, ky;
} dc_zb_grid;

typedef struct dc_zb {
    dc_zone_index *idx;
    dc_slabs *slabs;      /* per zone: exact inside tests */
    double mx, my;        /* margins, degrees */
    uint32_t cap_cells, cap_words;
} dc_zb;

/* Grows *arr to hold need elements; 0, or -2 when out of memory (or over 2^31). */
int dc_zb_grow(void **arr, uint32_t *cap, size_t need, size_t elem);

/* The entry flags of a zone (DC_CZ_*). */
uint32_t dc_zb_zone_flags(const dc_zb *b, uint32_t zone, int inside);

/* The coordinates (x1, y1, x2, y2) of an edge. */
const double *dc_zb_edge_xy(const dc_zb *b, dc_zb_pair p);

/*
 * Writes leaf cell ci: the zones wholly inside it (inside, sorted) and the
 * zones with edges in it (pairs, sorted by zone then edge).  0, -2 out of
 * memory, -1 no reference point off the boundaries (a bug).
 */
int dc_zb_make_leaf(dc_zb *b, uint32_t ci, const dc_zb_grid *cell, const dc_zb_pair *pairs,
                    uint32_t np, const uint32_t *inside, uint32_t nin);

#endif
