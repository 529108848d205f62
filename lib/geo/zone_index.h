/*
 * The point index over the zones: which zones cover a point, and the
 * nearest boundary of a service's active zones.
 *
 * A grid of cells, refined where edges are dense (each cell is a leaf or
 * k x k children, a few levels deep).  A leaf lists, per zone that reaches
 * it, either "the whole cell is inside" or the zone's edges that touch the
 * cell plus a reference point of known inside/outside state.  A lookup
 * walks down to the leaf, takes the whole-cell zones as they are, and for
 * the others checks the point against the few local edges: on an edge is
 * covered, else the state flips once per edge crossing the segment from
 * the reference point to the point.  Everything is decided with
 * dc_orient, the predicate of dc_mpoly_locate and GEOS, so the answers are
 * theirs (docs/performance.md has the argument).
 *
 * Built in full at open and never changed after: threads share it freely.
 */
#ifndef DC_ZONE_INDEX_H
#define DC_ZONE_INDEX_H

#include "polygon.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Leaf data lives in one array of 8-byte words, each leaf contiguous so a
 * lookup reads it front to back (the cost of a lookup is cache misses):
 *
 *   entries              1 word each, by zone: a zone and the size of its
 *                        edge data (none: the whole cell is inside it)
 *   reference point      2 words (x, y), when some entry has edges: off
 *                        every boundary listed in the leaf
 *   edge data            per entry in order: chains of consecutive edges,
 *                        each a header word (first edge, points) and its
 *                        points, 2 words each (copies of the zone's vertices)
 */
typedef union dc_word {
    double d;
    struct {
        uint32_t a, b;
    } u;
} dc_word;

/* An entry: u.a the zone, u.b its flags and (from bit 8) its edge data words. */
#define DC_CZ_REF_INSIDE 0x1u /* the reference point is inside the zone */
#define DC_CZ_ACTIVE 0x2u     /* the zone is active (for the nearest search) */
#define DC_CZ_SERVICE_SHIFT 2 /* service number from this bit up (3 bits) */
#define DC_MAX_SERVICES 8
#define DC_CZ_FLAGS 0xffu
#define DC_CZ_WORDS_SHIFT 8   /* 0 words: the whole cell is inside the zone */
/* A chain header: u.a the zone's first edge in it (start vertex index), u.b its points. */

/*
 * A cell: a leaf, or inner with k x k children (row by row).  Zones wholly
 * covering an inner cell are listed once there, not in every leaf below it
 * (they would multiply where many zones overlap): such an inner cell
 * (DC_CELL_FULL) points to words holding its first child cell and count
 * (u.a, u.b), then one entry per zone.
 */
typedef struct dc_cell {
    uint32_t first;  /* leaf: its first word; inner: first child cell, or words if DC_CELL_FULL */
    uint32_t count;  /* leaf: number of entries; inner: DC_CELL_INNER | k, maybe | DC_CELL_FULL */
} dc_cell;

#define DC_CELL_INNER 0x80000000u
#define DC_CELL_FULL 0x40000000u
#define DC_CELL_K 0xffffu

/* The first child of an inner cell. */
static inline uint32_t dc_cell_children(const dc_word *words, const dc_cell *c)
{
    return c->count & DC_CELL_FULL ? words[c->first].u.a : c->first;
}

/* What the index needs to know of a zone. */
typedef struct dc_zone_ref {
    const dc_mpoly *geom; /* must outlive the index and never change */
    int service;          /* 0 .. DC_MAX_SERVICES - 1 */
    int active;
} dc_zone_ref;

typedef struct dc_zone_index {
    dc_bbox bbox;           /* of all zones; nothing is covered outside it */
    uint32_t nx, ny;        /* top cells across and down; 0 when there are no zones */
    double minx, miny;      /* origin of the top grid */
    double cell_w, cell_h;  /* top cell size, degrees */
    double inv_w, inv_h;
    double margin_x, margin_y; /* an edge is listed in every cell its box widened by these meets */
    dc_cell *cells;         /* nx*ny top cells, then the children blocks */
    uint32_t ncells;
    dc_word *words;         /* leaf data */
    uint32_t nwords;
    uint32_t nentries;      /* entries in all leaves (statistics) */
    uint32_t depth;         /* deepest leaf level (top = 0) */
    uint32_t ref_moved;     /* leaves whose centre was on a boundary (statistics) */
    uint32_t nzones;
    dc_zone_ref *zones;     /* copy of the build input */
    uint8_t *active_mask;   /* per cell: bit s when active zones of service s have edges in it */
    uint32_t active_zones[DC_MAX_SERVICES]; /* active zones per service */
} dc_zone_index;

/* Builds the index.  0, -2 out of memory, -1 an internal failure (a bug). */
int dc_zone_index_build(dc_zone_index *idx, const dc_zone_ref *zones, uint32_t n);
void dc_zone_index_free(dc_zone_index *idx);

/* Bytes the index holds. */
size_t dc_zone_index_bytes(const dc_zone_index *idx);

/*
 * The zones covering (lon, lat), boundary included, in no particular
 * order: writes the first cap of them to out and returns how many there
 * are (call again with a bigger out when that is more than cap).
 */
uint32_t dc_zone_index_lookup(const dc_zone_index *idx, double lon, double lat, uint32_t *out,
                              uint32_t cap);

/* The leaf cell (lon, lat) falls in, or NULL outside the index's bbox. */
const dc_cell *dc_zone_index_leaf(const dc_zone_index *idx, double lon, double lat);

typedef struct dc_nearest_edge {
    int32_t zone;      /* -1 when no zone qualifies */
    uint32_t edge;     /* start vertex of the edge in the zone's xy */
    double plane_m;    /* dc_seg_plane_dist to it */
    double lat, lon;   /* the nearest point */
} dc_nearest_edge;

/*
 * The nearest boundary point of the active zones of a service, exactly as
 * dc_mpoly_nearest_boundary over all of them in zone order would choose it
 * (least plane distance, then least zone, then first edge).
 */
void dc_zone_index_nearest(const dc_zone_index *idx, int service, double lat, double lon,
                           dc_nearest_edge *out);

#endif
