/* Point lookups in the zone index (built by zone_index_build.c). */
#include "zone_index.h"

#include "orient.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint32_t cell_floor(double v, uint32_t n)
{
    if (!(v > 0))
        return 0;
    if (v >= (double)n)
        return n - 1;
    return (uint32_t)v;
}

/*
 * Walks down to the leaf of (lon, lat), or NULL outside the bbox; with out,
 * also collects the zones listed whole on the inner cells passed.
 */
static const dc_cell *descend(const dc_zone_index *idx, double lon, double lat, uint32_t *out,
                              uint32_t cap, uint32_t *n)
{
    const dc_cell *c = NULL;
    double u, v, fu, fv;
    uint32_t cx, cy, i;

    if (idx->nx == 0 || !dc_bbox_contains(&idx->bbox, lon, lat))
        return NULL;
    u = (lon - idx->minx) * idx->inv_w;
    v = (lat - idx->miny) * idx->inv_h;
    cx = cell_floor(u, idx->nx);
    cy = cell_floor(v, idx->ny);
    c = &idx->cells[(size_t)cy * idx->nx + cx];
    /* Down the levels in cell units: the fraction within the cell picks the child. */
    fu = u - cx;
    fv = v - cy;
    while (c->count & DC_CELL_INNER) {
        uint32_t k = c->count & DC_CELL_K, sx, sy, child = c->first;
        if (c->count & DC_CELL_FULL) {
            const dc_word *h = idx->words + c->first;
            child = h[0].u.a;
            for (i = 1; out != NULL && i <= h[0].u.b; i++, ++*n)
                if (*n < cap)
                    out[*n] = h[i].u.a;
        }
        fu *= k;
        fv *= k;
        sx = cell_floor(fu, k);
        sy = cell_floor(fv, k);
        fu -= sx;
        fv -= sy;
        c = &idx->cells[child + sy * k + sx];
    }
    return c;
}

const dc_cell *dc_zone_index_leaf(const dc_zone_index *idx, double lon, double lat)
{
    return descend(idx, lon, lat, NULL, 0, NULL);
}

/*
 * Is (px, py) in the zone, given its edge chains near the cell (w, nw
 * words) and its state at the reference point (rx, ry)?  On an edge is
 * covered (the test is GEOS's: dc_orient zero within the edge's box).
 * Else the reference state flips for each edge crossing the segment from
 * the reference point to the point.  A vertex exactly on that segment's
 * line counts as lying to its right, for both edges at it, which is the
 * same as sliding the segment a hair to the left: the count stays exact
 * in every degenerate case.
 */
static int covers(const dc_word *w, uint32_t nw, double rx, double ry, int ref_inside, double px,
                  double py)
{
    const dc_word *end = w + nw;
    double lox = dc_dmin(rx, px), hix = dc_dmax(rx, px), loy = dc_dmin(ry, py),
           hiy = dc_dmax(ry, py);
    int cross = 0, boundary = 0;

    while (w < end && !boundary) {
        const dc_word *chain_end = w + 1 + 2 * (size_t)w->u.b;
        double ax = w[1].d, ay = w[2].d;
        int sa = -1; /* side of a, when known */

        for (w += 3; w < chain_end && !boundary; w += 2) {
            double bx = w[0].d, by = w[1].d;
            double ex0 = dc_dmin(ax, bx), ex1 = dc_dmax(ax, bx), ey0 = dc_dmin(ay, by),
                   ey1 = dc_dmax(ay, by);
            int o = 2, sb = -1;

            /* An edge off the segment's box is neither under the point nor crossing. */
            if (!(ex1 < lox || ex0 > hix || ey1 < loy || ey0 > hiy)) {
                if (px >= ex0 && px <= ex1 && py >= ey0 && py <= ey1) {
                    o = dc_orient(ax, ay, bx, by, px, py);
                    boundary = o == 0;
                }
                if (sa < 0)
                    sa = dc_orient(rx, ry, px, py, ax, ay) > 0;
                sb = dc_orient(rx, ry, px, py, bx, by) > 0;
                if (sa != sb && !boundary) {
                    if (o == 2)
                        o = dc_orient(ax, ay, bx, by, px, py);
                    /* o == 0 here: the point is on the edge's line beyond it, no crossing. */
                    if (o != 0 && o == -dc_orient(ax, ay, bx, by, rx, ry))
                        cross ^= 1;
                }
            }
            ax = bx;
            ay = by;
            sa = sb;
        }
        w = chain_end;
    }
    return boundary || ref_inside != cross;
}

uint32_t dc_zone_index_lookup(const dc_zone_index *idx, double lon, double lat, uint32_t *out,
                              uint32_t cap)
{
    uint32_t n = 0, i;
    const dc_cell *c = descend(idx, lon, lat, out, cap, &n);
    const dc_word *e, *data;

    if (c == NULL)
        return 0;
    e = idx->words + c->first;
    data = e + c->count + 2; /* past the entries and the reference point */
    for (i = 0; i < c->count; i++) {
        uint32_t nw = e[i].u.b >> DC_CZ_WORDS_SHIFT;
        if (nw == 0 || covers(data, nw, e[c->count].d, e[c->count + 1].d,
                              (e[i].u.b & DC_CZ_REF_INSIDE) != 0, lon, lat)) {
            if (n < cap)
                out[n] = e[i].u.a;
            n++;
        }
        data += nw;
    }
    return n;
}

size_t dc_zone_index_bytes(const dc_zone_index *idx)
{
    return sizeof *idx + (size_t)idx->ncells * sizeof *idx->cells +
           (size_t)idx->nwords * sizeof *idx->words + (size_t)idx->nzones * sizeof *idx->zones +
           (idx->active_mask ? idx->ncells : 0);
}

void dc_zone_index_free(dc_zone_index *idx)
{
    if (idx == NULL)
        return;
    free(idx->cells);
    free(idx->words);
    free(idx->zones);
    free(idx->active_mask);
    memset(idx, 0, sizeof *idx);
}
