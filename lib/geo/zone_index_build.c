/*
 * Building the point index (see zone_index.h): a top grid sized by the
 * number of edges, cells split k x k while they hold many edges, and per
 * leaf the zones that reach it.
 *
 * Correctness rests on two rules.  (1) An edge is listed in every cell
 * whose box, widened by a margin far larger than the rounding of a
 * lookup's cell choice, it may touch: lists are supersets, never subsets.
 * (2) A reference point's state and "the whole cell is inside" come from
 * GEOS's ray-crossing rule evaluated exactly (dc_slabs_parity), and a
 * reference point never lies on the zone's boundary.
 */
#include "zone_build.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * Sizes, tuned on 2,000 zones of ~110 vertices (bench/bench_points): finer
 * cells cost memory and cache misses, coarser ones cost edge tests.
 */
#define TOP_EDGE_LENGTHS 6.0   /* top cells: about this many mean edge lengths on a side ... */
#define TOP_EDGES_PER_CELL 4.0 /* ... and at most one cell per this many edges */
#define MAX_TOP_CELLS (1u << 20)
#define SPLIT_ABOVE 12         /* a cell listing more edges than this is split ... */
#define LEAF_EDGES 6.0         /* ... into children listing about this many each */
#define SPLIT_PER_ZONE 4       /* ... and more than this many per zone */
#define MAX_K 16
#define MAX_DEPTH 6
/* Margins: a fraction of a top cell, and of the coordinates' magnitude (a few
 * thousand ulps), both far above a lookup's rounding (docs/performance.md). */
#define REL_MARGIN 1e-8
#define ABS_MARGIN 1e-12

/* A growable array of pairs keyed by a cell number, for counting sorts. */
typedef struct keyed {
    uint32_t *key;
    dc_zb_pair *val;
    size_t n, cap;
} keyed;

static int keyed_push(keyed *k, uint32_t key, uint32_t zone, uint32_t edge)
{
    if (k->n == k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 1024;
        uint32_t *nk = realloc(k->key, cap * sizeof *nk);
        dc_zb_pair *nv;
        if (nk == NULL)
            return -2;
        k->key = nk;
        nv = realloc(k->val, cap * sizeof *nv);
        if (nv == NULL)
            return -2;
        k->val = nv;
        k->cap = cap;
    }
    k->key[k->n] = key;
    k->val[k->n].zone = zone;
    k->val[k->n].edge = edge;
    k->n++;
    return 0;
}

static void keyed_free(keyed *k)
{
    free(k->key);
    free(k->val);
    memset(k, 0, sizeof *k);
}

/* Stable counting sort by key: start[c]..start[c+1] index the sorted pairs of cell c. */
static int keyed_sort(const keyed *k, uint32_t ncells, uint32_t **start_out,
                      dc_zb_pair **sorted_out)
{
    uint32_t *start = calloc((size_t)ncells + 1, sizeof *start);
    uint32_t *fill = calloc((size_t)ncells + 1, sizeof *fill);
    dc_zb_pair *sorted = malloc((k->n + 1) * sizeof *sorted);
    size_t i;
    int rc = -2;

    if (start == NULL || fill == NULL || sorted == NULL)
        goto cleanup;
    for (i = 0; i < k->n; i++)
        start[k->key[i] + 1]++;
    for (i = 0; i < ncells; i++)
        start[i + 1] += start[i];
    for (i = 0; i < k->n; i++)
        sorted[start[k->key[i]] + fill[k->key[i]]++] = k->val[i];
    *start_out = start;
    *sorted_out = sorted;
    start = NULL;
    sorted = NULL;
    rc = 0;
cleanup:
    free(start);
    free(fill);
    free(sorted);
    return rc;
}

static uint32_t cell_floor(double v, uint32_t n)
{
    if (!(v > 0))
        return 0;
    if (v >= (double)n)
        return n - 1;
    return (uint32_t)v;
}

/*
 * Every cell of g whose box widened by (mx, my) the segment a-b may touch
 * goes to out as (cell number, zone, edge).  Row by row, the part of the
 * segment inside the widened row gives the columns, so a long edge costs
 * the cells it passes, not its bounding box.
 */
static int edge_cells(const dc_zb_grid *g, double mx, double my, const double *ab, uint32_t zone,
                      uint32_t edge, keyed *out)
{
    double ax = ab[0], ay = ab[1], bx = ab[2], by = ab[3];
    double ylo = dc_dmin(ay, by) - my, yhi = dc_dmax(ay, by) + my;
    double exlo = dc_dmin(ax, bx) - mx, exhi = dc_dmax(ax, bx) + mx;
    double slack = 1e-13 * (fabs(bx - ax) + fabs(ax) + 1);
    uint32_t j, j0, j1, i, i0, i1;
    int rc = 0;

    if (yhi < g->y0 || ylo > g->y0 + g->ky * g->ch || exhi < g->x0 || exlo > g->x0 + g->kx * g->cw)
        return 0;
    j0 = cell_floor((ylo - g->y0) / g->ch, g->ky);
    j1 = cell_floor((yhi - g->y0) / g->ch, g->ky);
    i0 = cell_floor((exlo - g->x0) / g->cw, g->kx);
    i1 = cell_floor((exhi - g->x0) / g->cw, g->kx);
    if (j0 == j1 && i0 == i1)
        return keyed_push(out, j0 * g->kx + i0, zone, edge); /* most edges: one cell */
    for (j = j0; j <= j1 && rc == 0; j++) {
        double sy0 = g->y0 + j * g->ch - my, sy1 = g->y0 + (j + 1) * g->ch + my;
        double xlo = exlo, xhi = exhi;

        if (ay != by) {
            double ta = (sy0 - ay) / (by - ay), tb = (sy1 - ay) / (by - ay);
            double tlo = dc_dmax(0, dc_dmin(ta, tb)), thi = dc_dmin(1, dc_dmax(ta, tb));
            double xa, xb;

            if (tlo > thi)
                continue;
            xa = ax + tlo * (bx - ax);
            xb = ax + thi * (bx - ax);
            xlo = dc_dmax(xlo, dc_dmin(xa, xb) - mx - slack);
            xhi = dc_dmin(xhi, dc_dmax(xa, xb) + mx + slack);
        }
        if (xhi < g->x0 || xlo > g->x0 + g->kx * g->cw)
            continue;
        i0 = cell_floor((xlo - g->x0) / g->cw, g->kx);
        i1 = cell_floor((xhi - g->x0) / g->cw, g->kx);
        for (i = i0; i <= i1 && rc == 0; i++)
            rc = keyed_push(out, j * g->kx + i, zone, edge);
    }
    return rc;
}

/*
 * The inside list of a child: each zone that has edges in the parent but
 * none in the child and whose state at the child's centre is inside (the
 * whole child then is).  Sorted by zone.  (Zones inside the whole parent
 * are listed on the parent.)
 */
static int child_inside(dc_zb *b, const dc_zb_grid *child, const dc_zb_pair *pp, uint32_t npp,
                        const dc_zb_pair *cp, uint32_t ncp, uint32_t **out, uint32_t *nout)
{
    uint32_t *list = malloc(((size_t)npp + 1) * sizeof *list);
    uint32_t n = 0, i = 0, j = 0;
    double cx = child->x0 + 0.5 * child->cw, cy = child->y0 + 0.5 * child->ch;
    int rc = 0;

    if (list == NULL)
        return -2;
    /* Both lists are sorted by zone. */
    while (i < npp && rc == 0) {
        uint32_t z = pp[i].zone;
        int on = 0;

        while (i < npp && pp[i].zone == z)
            i++;
        while (j < ncp && cp[j].zone < z)
            j++;
        if (j < ncp && cp[j].zone == z)
            continue;
        if (dc_slabs_parity(&b->slabs[z], cx, cy, &on) && !on)
            list[n++] = z;
        if (on)
            rc = -1; /* no edge near the child, yet its centre is on the boundary: a bug */
    }
    *out = list;
    *nout = n;
    return rc;
}

static int build_cell(dc_zb *b, uint32_t ci, const dc_zb_grid *cell, const dc_zb_pair *pairs,
                      uint32_t np, const uint32_t *inside, uint32_t nin, uint32_t depth);

/* Splits a cell into k x k children and builds each. */
static int split_cell(dc_zb *b, uint32_t ci, const dc_zb_grid *cell, const dc_zb_pair *pairs,
                      uint32_t np, const uint32_t *inside, uint32_t nin, uint32_t depth, uint32_t k)
{
    dc_zone_index *idx = b->idx;
    dc_zb_grid g = {cell->x0, cell->y0, cell->cw / k, cell->ch / k, k, k};
    keyed kp = {NULL, NULL, 0, 0};
    uint32_t *start = NULL, i, first;
    dc_zb_pair *sorted = NULL;
    int rc = 0;

    for (i = 0; i < np && rc == 0; i++)
        rc = edge_cells(&g, b->mx, b->my, dc_zb_edge_xy(b, pairs[i]), pairs[i].zone, pairs[i].edge,
                        &kp);
    if (rc == 0)
        rc = keyed_sort(&kp, k * k, &start, &sorted);
    keyed_free(&kp);
    if (rc == 0)
        rc = dc_zb_grow((void **)&idx->cells, &b->cap_cells, (size_t)idx->ncells + k * k,
                  sizeof *idx->cells);
    if (rc != 0)
        goto cleanup;
    first = idx->ncells;
    idx->ncells += k * k;
    idx->cells[ci].first = first;
    idx->cells[ci].count = DC_CELL_INNER | k;
    /* The zones covering the whole cell are listed here once, not in every leaf below. */
    if (nin > 0) {
        rc = dc_zb_grow((void **)&idx->words, &b->cap_words, (size_t)idx->nwords + 1 + nin,
                        sizeof *idx->words);
        if (rc != 0)
            goto cleanup;
        idx->cells[ci].first = idx->nwords;
        idx->cells[ci].count |= DC_CELL_FULL;
        idx->words[idx->nwords].u.a = first;
        idx->words[idx->nwords].u.b = nin;
        for (i = 0; i < nin; i++) {
            idx->words[idx->nwords + 1 + i].u.a = inside[i];
            idx->words[idx->nwords + 1 + i].u.b = dc_zb_zone_flags(b, inside[i], 1);
        }
        idx->nwords += 1 + nin;
        idx->nentries += nin;
    }
    for (i = 0; i < k * k && rc == 0; i++) {
        dc_zb_grid child = {g.x0 + (i % k) * g.cw, g.y0 + (i / k) * g.ch, g.cw, g.ch, 1, 1};
        uint32_t *cin = NULL, ncin = 0;

        rc = child_inside(b, &child, pairs, np, sorted + start[i], start[i + 1] - start[i], &cin,
                          &ncin);
        if (rc == 0)
            rc = build_cell(b, first + i, &child, sorted + start[i], start[i + 1] - start[i], cin,
                            ncin, depth + 1);
        free(cin);
    }
cleanup:
    free(start);
    free(sorted);
    return rc;
}

static int build_cell(dc_zb *b, uint32_t ci, const dc_zb_grid *cell, const dc_zb_pair *pairs,
                      uint32_t np, const uint32_t *inside, uint32_t nin, uint32_t depth)
{
    uint32_t k, i, groups = 0;

    if (depth > b->idx->depth)
        b->idx->depth = depth;
    for (i = 0; i < np; i++)
        groups += i == 0 || pairs[i].zone != pairs[i - 1].zone;
    /*
     * Split while it pays: many edges, and many per zone (where many zones'
     * boundaries meet, smaller cells keep about as many edges and multiply
     * the copies), levels left, cells still far above the margin.
     */
    if (np <= SPLIT_ABOVE || np <= SPLIT_PER_ZONE * groups || depth >= MAX_DEPTH ||
        cell->cw < 1e4 * b->mx || cell->ch < 1e4 * b->my)
        return dc_zb_make_leaf(b, ci, cell, pairs, np, inside, nin);
    k = (uint32_t)ceil(sqrt(np / LEAF_EDGES));
    k = k < 2 ? 2 : k > MAX_K ? MAX_K : k;
    return split_cell(b, ci, cell, pairs, np, inside, nin, depth, k);
}

/* 1 when the sorted pairs list zone z. */
static int has_zone(const dc_zb_pair *p, uint32_t n, uint32_t z)
{
    uint32_t lo = 0, hi = n;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (p[mid].zone < z)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && p[lo].zone == z;
}

/* Mean edge length on the ground, in degrees of latitude (so cells can be sized by edges). */
static double mean_edge_deg(const dc_zone_index *idx, double shrink, size_t nedges)
{
    double sum = 0;
    uint32_t z, r, e;

    for (z = 0; z < idx->nzones; z++) {
        const dc_mpoly *mp = idx->zones[z].geom;
        for (r = 0; r < mp->nrings; r++)
            for (e = mp->rings[r].start; e + 1 < mp->rings[r].start + mp->rings[r].count; e++) {
                double dx = (mp->xy[2 * (size_t)e + 2] - mp->xy[2 * (size_t)e]) * shrink;
                double dy = mp->xy[2 * (size_t)e + 3] - mp->xy[2 * (size_t)e + 1];
                sum += sqrt(dx * dx + dy * dy);
            }
    }
    return sum / (double)nedges;
}

/*
 * Top cells of about TOP_EDGE_LENGTHS mean edges on a side, square on the
 * ground, so a zone crossing a cell brings a few edges to it (fewer cells,
 * fewer per-zone overheads where many zones overlap); but no more than one
 * per TOP_EDGES_PER_CELL edges, which keeps memory proportional to the
 * edges when zones lie far apart (several cities): splitting refines there.
 */
static void choose_top_grid(dc_zone_index *idx, size_t nedges)
{
    double w = idx->bbox.maxx - idx->bbox.minx, h = idx->bbox.maxy - idx->bbox.miny;
    double shrink = fmax(0.05, cos((idx->bbox.miny + idx->bbox.maxy) / 2 * M_PI / 180.0));
    double side = TOP_EDGE_LENGTHS * mean_edge_deg(idx, shrink, nedges); /* degrees of latitude */
    double cells = nedges / TOP_EDGES_PER_CELL;

    if (!(w > 0))
        w = 1e-9;
    if (!(h > 0))
        h = 1e-9;
    if (side > 0 && w * shrink * h / (side * side) < cells)
        cells = w * shrink * h / (side * side);
    if (cells < 1)
        cells = 1;
    if (cells > MAX_TOP_CELLS)
        cells = MAX_TOP_CELLS;
    idx->nx = (uint32_t)fmax(1, fmin(65536, round(sqrt(cells * w * shrink / h))));
    idx->ny = (uint32_t)fmax(1, fmin(65536, round(cells / idx->nx)));
    while ((size_t)idx->nx * idx->ny > MAX_TOP_CELLS) {
        if (idx->nx > idx->ny)
            idx->nx /= 2;
        else
            idx->ny /= 2;
    }
    idx->minx = idx->bbox.minx;
    idx->miny = idx->bbox.miny;
    idx->cell_w = w / idx->nx;
    idx->cell_h = h / idx->ny;
    idx->inv_w = 1 / idx->cell_w;
    idx->inv_h = 1 / idx->cell_h;
}

/* The top grid: every edge to its cells, whole-cell zones found per zone bbox, then each cell. */
static int build_top(dc_zb *b)
{
    dc_zone_index *idx = b->idx;
    dc_zb_grid top = {idx->minx, idx->miny, idx->cell_w, idx->cell_h, idx->nx, idx->ny};
    uint32_t ntop = idx->nx * idx->ny, z, r, e, c;
    keyed ke = {NULL, NULL, 0, 0}, ki = {NULL, NULL, 0, 0};
    uint32_t *estart = NULL, *istart = NULL, *inside = NULL;
    dc_zb_pair *epairs = NULL, *ipairs = NULL;
    int rc = 0;

    for (z = 0; z < idx->nzones && rc == 0; z++) {
        const dc_mpoly *mp = idx->zones[z].geom;
        for (r = 0; r < mp->nrings && rc == 0; r++)
            for (e = mp->rings[r].start; e + 1 < mp->rings[r].start + mp->rings[r].count && rc == 0;
                 e++)
                rc = edge_cells(&top, b->mx, b->my, mp->xy + 2 * (size_t)e, z, e, &ke);
    }
    if (rc == 0)
        rc = keyed_sort(&ke, ntop, &estart, &epairs);
    keyed_free(&ke);
    /* Cells of a zone's bbox without its edges are wholly in or out: one test at the centre. */
    for (z = 0; z < idx->nzones && rc == 0; z++) {
        const dc_bbox *bb = &idx->zones[z].geom->bbox;
        uint32_t x0, x1, y0, y1, cx, cy;
        if (idx->zones[z].geom->nvertices == 0)
            continue;
        x0 = cell_floor((bb->minx - idx->minx) * idx->inv_w, idx->nx);
        x1 = cell_floor((bb->maxx - idx->minx) * idx->inv_w, idx->nx);
        y0 = cell_floor((bb->miny - idx->miny) * idx->inv_h, idx->ny);
        y1 = cell_floor((bb->maxy - idx->miny) * idx->inv_h, idx->ny);
        for (cy = y0; cy <= y1 && rc == 0; cy++)
            for (cx = x0; cx <= x1 && rc == 0; cx++) {
                uint32_t cell = cy * idx->nx + cx;
                int on = 0;
                if (has_zone(epairs + estart[cell], estart[cell + 1] - estart[cell], z))
                    continue;
                if (dc_slabs_parity(&b->slabs[z], idx->minx + (cx + 0.5) * idx->cell_w,
                                    idx->miny + (cy + 0.5) * idx->cell_h, &on))
                    rc = keyed_push(&ki, cell, z, 0);
                if (on)
                    rc = -1;
            }
    }
    if (rc == 0)
        rc = keyed_sort(&ki, ntop, &istart, &ipairs);
    if (rc == 0 && (inside = malloc((ki.n + 1) * sizeof *inside)) == NULL)
        rc = -2;
    for (e = 0; rc == 0 && e < ki.n; e++)
        inside[e] = ipairs[e].zone;
    keyed_free(&ki);
    if (rc == 0)
        rc = dc_zb_grow((void **)&idx->cells, &b->cap_cells, ntop, sizeof *idx->cells);
    if (rc == 0)
        idx->ncells = ntop;
    for (c = 0; c < ntop && rc == 0; c++) {
        dc_zb_grid cell = {idx->minx + (c % idx->nx) * idx->cell_w,
                           idx->miny + (c / idx->nx) * idx->cell_h,
                           idx->cell_w,
                           idx->cell_h,
                           1,
                           1};
        rc = build_cell(b, c, &cell, epairs + estart[c], estart[c + 1] - estart[c],
                        inside + istart[c], istart[c + 1] - istart[c], 0);
    }
    free(estart);
    free(epairs);
    free(istart);
    free(ipairs);
    free(inside);
    return rc;
}

/* Which services' active edges each cell holds, so the nearest search skips the others. */
static uint8_t cell_mask(dc_zone_index *idx, uint32_t ci)
{
    const dc_cell *c = &idx->cells[ci];
    uint8_t m = 0;
    uint32_t i;

    if (c->count & DC_CELL_INNER) {
        uint32_t k = c->count & DC_CELL_K, child = dc_cell_children(idx->words, c);
        for (i = 0; i < k * k; i++)
            m |= cell_mask(idx, child + i);
    } else {
        for (i = 0; i < c->count; i++) {
            uint32_t f = idx->words[c->first + i].u.b;
            if ((f >> DC_CZ_WORDS_SHIFT) > 0 && (f & DC_CZ_ACTIVE))
                m |= (uint8_t)(1u << ((f >> DC_CZ_SERVICE_SHIFT) & (DC_MAX_SERVICES - 1)));
        }
    }
    idx->active_mask[ci] = m;
    return m;
}

static int build_masks(dc_zone_index *idx)
{
    uint32_t i;

    idx->active_mask = malloc((size_t)idx->ncells + 1);
    if (idx->active_mask == NULL)
        return -2;
    for (i = 0; i < idx->nx * idx->ny; i++)
        cell_mask(idx, i);
    return 0;
}

int dc_zone_index_build(dc_zone_index *idx, const dc_zone_ref *zones, uint32_t n)
{
    dc_zb b;
    size_t nedges = 0;
    uint32_t i;
    int rc = -2;

    memset(idx, 0, sizeof *idx);
    memset(&b, 0, sizeof b);
    b.idx = idx;
    idx->bbox.minx = idx->bbox.miny = INFINITY;
    idx->bbox.maxx = idx->bbox.maxy = -INFINITY;
    idx->zones = malloc(((size_t)n + 1) * sizeof *idx->zones);
    b.slabs = calloc((size_t)n + 1, sizeof *b.slabs);
    if (idx->zones == NULL || b.slabs == NULL)
        goto cleanup;
    idx->nzones = n;
    for (i = 0; i < n; i++) {
        const dc_mpoly *mp = zones[i].geom;
        idx->zones[i] = zones[i];
        if (zones[i].service < 0 || zones[i].service >= DC_MAX_SERVICES) {
            rc = -1;
            goto cleanup;
        }
        if (zones[i].active)
            idx->active_zones[zones[i].service]++;
        if (mp->nvertices == 0)
            continue;
        nedges += mp->nvertices - mp->nrings;
        idx->bbox.minx = fmin(idx->bbox.minx, mp->bbox.minx);
        idx->bbox.miny = fmin(idx->bbox.miny, mp->bbox.miny);
        idx->bbox.maxx = fmax(idx->bbox.maxx, mp->bbox.maxx);
        idx->bbox.maxy = fmax(idx->bbox.maxy, mp->bbox.maxy);
        if (dc_slabs_build(&b.slabs[i], mp) != 0)
            goto cleanup;
    }
    rc = 0;
    if (nedges == 0)
        goto cleanup; /* nothing to index: nx = 0 answers "no zone" everywhere */
    choose_top_grid(idx, nedges);
    b.mx = REL_MARGIN * idx->cell_w +
           ABS_MARGIN * (1 + dc_dmax(fabs(idx->bbox.minx), fabs(idx->bbox.maxx)));
    b.my = REL_MARGIN * idx->cell_h +
           ABS_MARGIN * (1 + dc_dmax(fabs(idx->bbox.miny), fabs(idx->bbox.maxy)));
    idx->margin_x = b.mx;
    idx->margin_y = b.my;
    rc = build_top(&b);
    if (rc == 0)
        rc = build_masks(idx);
cleanup:
    for (i = 0; b.slabs && i < n; i++)
        dc_slabs_free(&b.slabs[i]);
    free(b.slabs);
    if (rc != 0)
        dc_zone_index_free(idx);
    return rc;
}
