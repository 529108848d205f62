/*
 * What a leaf of the zone index holds (layout in zone_index.h): its
 * reference point, one entry per zone, and the zones' edge chains.
 */
#include "zone_build.h"

#include "orient.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const double *dc_zb_edge_xy(const dc_zb *b, dc_zb_pair p)
{
    return b->idx->zones[p.zone].geom->xy + 2 * (size_t)p.edge;
}

int dc_zb_grow(void **arr, uint32_t *cap, size_t need, size_t elem)
{
    size_t c = *cap ? *cap : 256;
    void *p;

    if (need <= *cap)
        return 0;
    if (need > UINT32_MAX / 2)
        return -2;
    while (c < need)
        c *= 2;
    p = realloc(*arr, c * elem);
    if (p == NULL)
        return -2;
    *arr = p;
    *cap = (uint32_t)c;
    return 0;
}

/* 1 when (px, py) lies on the closed segment: exactly GEOS's boundary test. */
static int on_segment(const double *ab, double px, double py)
{
    return px >= dc_dmin(ab[0], ab[2]) && px <= dc_dmax(ab[0], ab[2]) &&
           py >= dc_dmin(ab[1], ab[3]) && py <= dc_dmax(ab[1], ab[3]) &&
           dc_orient(ab[0], ab[1], ab[2], ab[3], px, py) == 0;
}

uint32_t dc_zb_zone_flags(const dc_zb *b, uint32_t zone, int inside)
{
    const dc_zone_ref *z = &b->idx->zones[zone];
    return (inside ? DC_CZ_REF_INSIDE : 0) | (z->active ? DC_CZ_ACTIVE : 0) |
           (uint32_t)z->service << DC_CZ_SERVICE_SHIFT;
}

/*
 * Where in the cell to put the reference point: the centre first, else the
 * first of these spots off every boundary listed in the cell (the centre
 * is on one often in hand-made data with round coordinates; all ten never
 * are for the few edges of a cell, so running out is reported as a bug).
 */
static const double ref_spots[][2] = {
    {0.5, 0.5},     {0.3819, 0.6180}, {0.6180, 0.3819}, {0.2711, 0.2913}, {0.7289, 0.7087},
    {0.1373, 0.8534}, {0.8534, 0.1373}, {0.4142, 0.1716}, {0.5858, 0.8284}, {0.2071, 0.5774},
};

/* The reference point of a leaf and each listed zone's state there (parity[g], group order). */
static int choose_ref(dc_zb *b, const dc_zb_grid *cell, const dc_zb_pair *pairs, uint32_t np,
                      uint8_t *parity, double *rx, double *ry)
{
    uint32_t s, i;
    int found = 0;

    for (s = 0; s < sizeof ref_spots / sizeof ref_spots[0] && !found; s++) {
        uint32_t g = 0;
        int on = 0;

        *rx = cell->x0 + ref_spots[s][0] * cell->cw;
        *ry = cell->y0 + ref_spots[s][1] * cell->ch;
        for (i = 0; i < np && !on; i++)
            on = on_segment(dc_zb_edge_xy(b, pairs[i]), *rx, *ry);
        for (i = 0; i < np && !on; g++) {
            uint32_t z = pairs[i].zone;
            parity[g] = (uint8_t)dc_slabs_parity(&b->slabs[z], *rx, *ry, &on);
            while (i < np && pairs[i].zone == z)
                i++;
        }
        found = !on;
    }
    if (found && s > 1)
        b->idx->ref_moved++;
    return found ? 0 : -1;
}

/* Words of a zone's edge data: per run of consecutive edges a header and its points. */
static size_t group_words(const dc_zb_pair *g, uint32_t ng)
{
    size_t words = 0;
    uint32_t i;

    for (i = 0; i < ng; i++)
        words += i == 0 || g[i].edge != g[i - 1].edge + 1 ? 1 + 2 * 2 : 2;
    return words;
}

static void put_point(dc_word *w, const double *xy)
{
    w[0].d = xy[0];
    w[1].d = xy[1];
}

/* Writes a zone's chains at w; returns the words written. */
static size_t write_group(const dc_zb *b, const dc_zb_pair *g, uint32_t ng, dc_word *w)
{
    const double *xy = b->idx->zones[g[0].zone].geom->xy;
    size_t n = 0;
    uint32_t i = 0;

    while (i < ng) {
        dc_word *hdr = &w[n++];
        uint32_t e = g[i].edge, pts = 1;

        hdr->u.a = e;
        put_point(&w[n], xy + 2 * (size_t)e);
        n += 2;
        do {
            put_point(&w[n], xy + 2 * ((size_t)g[i].edge + 1));
            n += 2;
            pts++;
            i++;
        } while (i < ng && g[i].edge == g[i - 1].edge + 1);
        hdr->u.b = pts;
    }
    return n;
}

/* A leaf: entries in zone order (whole-cell ones and those with edges merged), then data. */
int dc_zb_make_leaf(dc_zb *b, uint32_t ci, const dc_zb_grid *cell, const dc_zb_pair *pairs,
                    uint32_t np, const uint32_t *inside, uint32_t nin)
{
    dc_zone_index *idx = b->idx;
    uint8_t *parity = NULL;
    uint32_t ngroups = 0, n, i, k, g;
    size_t words = 0, at;
    double rx = 0, ry = 0;
    int rc = -2;

    for (i = 0; i < np; i++)
        ngroups += i == 0 || pairs[i].zone != pairs[i - 1].zone;
    parity = malloc((size_t)ngroups + 1);
    if (parity == NULL)
        goto cleanup;
    if (np > 0 && (rc = choose_ref(b, cell, pairs, np, parity, &rx, &ry)) != 0)
        goto cleanup;
    rc = -2;
    n = nin + ngroups;
    words = n + (np > 0 ? 2 : 0);
    for (i = 0; i < np;) {
        uint32_t j = i;
        size_t gw;
        while (j < np && pairs[j].zone == pairs[i].zone)
            j++;
        gw = group_words(pairs + i, j - i);
        if (gw >= 1u << (32 - DC_CZ_WORDS_SHIFT)) {
            rc = -1; /* cannot happen with the depth and margin limits */
            goto cleanup;
        }
        words += gw;
        i = j;
    }
    if (dc_zb_grow((void **)&idx->words, &b->cap_words, (size_t)idx->nwords + words,
                   sizeof *idx->words) != 0)
        goto cleanup;
    at = idx->nwords;
    idx->cells[ci].first = (uint32_t)at;
    idx->cells[ci].count = n;
    idx->nwords += (uint32_t)words;
    idx->nentries += n;
    /* Entries, merged by zone; the reference point and edge data after them. */
    if (np > 0) {
        idx->words[at + n].d = rx;
        idx->words[at + n + 1].d = ry;
    }
    words = at + n + (np > 0 ? 2 : 0);
    for (i = 0, k = 0, g = 0; i < np || k < nin; at++) {
        dc_word *e = &idx->words[at];
        if (k < nin && (i == np || inside[k] < pairs[i].zone)) {
            e->u.a = inside[k];
            e->u.b = dc_zb_zone_flags(b, inside[k], 1);
            k++;
        } else {
            uint32_t j = i;
            size_t gw;
            while (j < np && pairs[j].zone == pairs[i].zone)
                j++;
            gw = write_group(b, pairs + i, j - i, idx->words + words);
            e->u.a = pairs[i].zone;
            e->u.b = dc_zb_zone_flags(b, pairs[i].zone, parity[g++]) |
                     (uint32_t)gw << DC_CZ_WORDS_SHIFT;
            words += gw;
            i = j;
        }
    }
    rc = 0;
cleanup:
    free(parity);
    return rc;
}

