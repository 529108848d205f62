/* Slab buckets of a zone's edges, for exact inside/outside tests at build time. */
#include "zone_slabs.h"

#include "orient.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* About this many edges per slab: few enough to stab fast, few slabs enough to build fast. */
#define EDGES_PER_SLAB 2
#define MAX_SLABS 65536u

static uint32_t slab_of(const dc_slabs *s, double y)
{
    double v = (y - s->y0) * s->scale;

    if (!(v > 0))
        return 0;
    if (v >= (double)s->ns)
        return s->ns - 1;
    return (uint32_t)v;
}

/* Counts (counts != NULL) or places the non-horizontal edges into every slab their y range meets.
 */
static void slab_ranges(const dc_slabs *s, uint32_t *counts, uint32_t *fill, uint32_t *edges)
{
    const dc_mpoly *mp = s->mp;
    uint32_t r, i, k;

    for (r = 0; r < mp->nrings; r++) {
        uint32_t v0 = mp->rings[r].start;
        for (i = v0; i + 1 < v0 + mp->rings[r].count; i++) {
            double y1 = mp->xy[2 * (size_t)i + 1], y2 = mp->xy[2 * (size_t)i + 3];
            uint32_t a, b;

            if (y1 == y2)
                continue; /* GEOS never counts a horizontal edge as a crossing */
            a = slab_of(s, y1 < y2 ? y1 : y2);
            b = slab_of(s, y1 < y2 ? y2 : y1);
            for (k = a; k <= b; k++) {
                if (counts)
                    counts[k + 1]++;
                else
                    edges[s->start[k] + fill[k]++] = i;
            }
        }
    }
}

int dc_slabs_build(dc_slabs *s, const dc_mpoly *mp)
{
    uint32_t *fill = NULL, k, nedges = mp->nvertices > mp->nrings ? mp->nvertices - mp->nrings : 0;
    double h = mp->bbox.maxy - mp->bbox.miny;
    int rc = -2;

    memset(s, 0, sizeof *s);
    s->mp = mp;
    s->ns = nedges / EDGES_PER_SLAB;
    if (s->ns < 1 || !(h > 0))
        s->ns = 1;
    if (s->ns > MAX_SLABS)
        s->ns = MAX_SLABS;
    s->y0 = mp->nvertices ? mp->bbox.miny : 0;
    s->scale = h > 0 ? s->ns / h : 0;
    s->start = calloc((size_t)s->ns + 1, sizeof *s->start);
    fill = calloc(s->ns, sizeof *fill);
    if (s->start == NULL || fill == NULL)
        goto cleanup;
    slab_ranges(s, s->start, NULL, NULL);
    for (k = 0; k < s->ns; k++)
        s->start[k + 1] += s->start[k];
    s->edges = malloc(((size_t)s->start[s->ns] + 1) * sizeof *s->edges);
    if (s->edges == NULL)
        goto cleanup;
    slab_ranges(s, NULL, fill, s->edges);
    rc = 0;
cleanup:
    free(fill);
    if (rc != 0)
        dc_slabs_free(s);
    return rc;
}

void dc_slabs_free(dc_slabs *s)
{
    if (s == NULL)
        return;
    free(s->start);
    free(s->edges);
    memset(s, 0, sizeof *s);
}

int dc_slabs_parity(const dc_slabs *s, double px, double py, int *on_boundary)
{
    const double *xy = s->mp->xy;
    uint32_t k = slab_of(s, py), j;
    int crossings = 0;

    *on_boundary = 0;
    if (s->mp->nvertices == 0)
        return 0;
    /* Per edge, the same steps as ring_crossings in polygon.c (GEOS's RayCrossingCounter). */
    for (j = s->start[k]; j < s->start[k + 1] && !*on_boundary; j++) {
        uint32_t i = s->edges[j];
        double x1 = xy[2 * (size_t)i], y1 = xy[2 * (size_t)i + 1];
        double x2 = xy[2 * (size_t)i + 2], y2 = xy[2 * (size_t)i + 3];

        if (x1 < px && x2 < px)
            continue;
        if (px == x2 && py == y2) {
            *on_boundary = 1;
        } else if ((y1 > py && y2 <= py) || (y2 > py && y1 <= py)) {
            int orient = dc_orient(x1, y1, x2, y2, px, py);
            if (orient == 0)
                *on_boundary = 1;
            if (y2 < y1)
                orient = -orient;
            if (orient > 0)
                crossings++;
        }
    }
    return crossings & 1;
}
