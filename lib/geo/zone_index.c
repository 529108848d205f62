/*
 * Grid index of zone bounding boxes.  The grid has about four cells per zone
 * (capped), so a lookup touches one cell and a handful of candidates.
 */
#include "zone_index.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CELLS (1u << 20)

static uint32_t clamp_cell(double v, uint32_t n)
{
    if (!(v > 0))
        return 0;
    if (v >= (double)n)
        return n - 1;
    return (uint32_t)v;
}

int dc_zone_index_build(dc_zone_index *idx, const dc_mpoly *const *geoms, uint32_t n)
{
    double w, h, cells;
    uint32_t i, cx, cy, total = 0;
    uint32_t *fill = NULL;
    int rc = -2;

    memset(idx, 0, sizeof *idx);
    idx->bbox.minx = idx->bbox.miny = INFINITY;
    idx->bbox.maxx = idx->bbox.maxy = -INFINITY;
    for (i = 0; i < n; i++) {
        const dc_bbox *b = &geoms[i]->bbox;
        if (b->minx < idx->bbox.minx) idx->bbox.minx = b->minx;
        if (b->miny < idx->bbox.miny) idx->bbox.miny = b->miny;
        if (b->maxx > idx->bbox.maxx) idx->bbox.maxx = b->maxx;
        if (b->maxy > idx->bbox.maxy) idx->bbox.maxy = b->maxy;
    }
    if (n == 0) {
        idx->nx = idx->ny = 0;
        return 0;
    }
    w = idx->bbox.maxx - idx->bbox.minx;
    h = idx->bbox.maxy - idx->bbox.miny;
    if (w <= 0) w = 1e-9;
    if (h <= 0) h = 1e-9;
    cells = 4.0 * n;
    if (cells > MAX_CELLS) cells = MAX_CELLS;
    idx->nx = (uint32_t)fmax(1, fmin(4096, round(sqrt(cells * w / h))));
    idx->ny = (uint32_t)fmax(1, fmin(4096, round(cells / idx->nx)));
    idx->cell_w = w / idx->nx;
    idx->cell_h = h / idx->ny;

    idx->cell_start = calloc((size_t)idx->nx * idx->ny + 1, sizeof *idx->cell_start);
    fill = calloc((size_t)idx->nx * idx->ny, sizeof *fill);
    if (idx->cell_start == NULL || fill == NULL)
        goto cleanup;
    /* Two passes: count per cell, then place, so items is one exact array. */
    for (i = 0; i < n; i++) {
        const dc_bbox *b = &geoms[i]->bbox;
        uint32_t x0 = clamp_cell((b->minx - idx->bbox.minx) / idx->cell_w, idx->nx);
        uint32_t x1 = clamp_cell((b->maxx - idx->bbox.minx) / idx->cell_w, idx->nx);
        uint32_t y0 = clamp_cell((b->miny - idx->bbox.miny) / idx->cell_h, idx->ny);
        uint32_t y1 = clamp_cell((b->maxy - idx->bbox.miny) / idx->cell_h, idx->ny);
        for (cy = y0; cy <= y1; cy++)
            for (cx = x0; cx <= x1; cx++)
                idx->cell_start[(size_t)cy * idx->nx + cx + 1]++;
    }
    for (i = 0; i < idx->nx * idx->ny; i++) {
        total += idx->cell_start[i + 1];
        idx->cell_start[i + 1] = total;
    }
    idx->items = malloc((size_t)(total ? total : 1) * sizeof *idx->items);
    if (idx->items == NULL)
        goto cleanup;
    for (i = 0; i < n; i++) {
        const dc_bbox *b = &geoms[i]->bbox;
        uint32_t x0 = clamp_cell((b->minx - idx->bbox.minx) / idx->cell_w, idx->nx);
        uint32_t x1 = clamp_cell((b->maxx - idx->bbox.minx) / idx->cell_w, idx->nx);
        uint32_t y0 = clamp_cell((b->miny - idx->bbox.miny) / idx->cell_h, idx->ny);
        uint32_t y1 = clamp_cell((b->maxy - idx->bbox.miny) / idx->cell_h, idx->ny);
        for (cy = y0; cy <= y1; cy++)
            for (cx = x0; cx <= x1; cx++) {
                size_t c = (size_t)cy * idx->nx + cx;
                idx->items[idx->cell_start[c] + fill[c]++] = i;
            }
    }
    rc = 0;
cleanup:
    free(fill);
    if (rc != 0)
        dc_zone_index_free(idx);
    return rc;
}

void dc_zone_index_free(dc_zone_index *idx)
{
    if (idx == NULL)
        return;
    free(idx->cell_start);
    free(idx->items);
    memset(idx, 0, sizeof *idx);
}

const uint32_t *dc_zone_index_candidates(const dc_zone_index *idx, double lon, double lat,
                                         uint32_t *n)
{
    size_t c;

    *n = 0;
    if (idx->nx == 0 || !dc_bbox_contains(&idx->bbox, lon, lat))
        return NULL;
    c = (size_t)clamp_cell((lat - idx->bbox.miny) / idx->cell_h, idx->ny) * idx->nx +
        clamp_cell((lon - idx->bbox.minx) / idx->cell_w, idx->nx);
    *n = idx->cell_start[c + 1] - idx->cell_start[c];
    return idx->items + idx->cell_start[c];
}
