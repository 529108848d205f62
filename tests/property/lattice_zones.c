/* In-memory lattice zones for the property test (see lattice_zones.h). */
#include "lattice_zones.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct maker {
    dc_mpoly *mp;
    double x0, y0, step;
    int failed;
} maker;

static unsigned long long rs;

static int rnd_int(int n)
{
    rs ^= rs >> 12;
    rs ^= rs << 25;
    rs ^= rs >> 27;
    return (int)(((rs * 2685821657736338717ULL) >> 33) % (unsigned long long)n);
}

static void *grow(void *p, size_t n, size_t elem, int *failed)
{
    void *q = realloc(p, (n + 1) * elem);
    if (q == NULL)
        *failed = 1;
    return q ? q : p;
}

/* Adds a ring of lattice points (i, j) pairs, closing it; the first ring of a polygon is its shell.
 */
static void add_ring(maker *m, const int *ij, int n, int shell)
{
    dc_mpoly *mp = m->mp;
    dc_ring *r;
    int k;

    if (shell) {
        mp->polys = grow(mp->polys, mp->npolys, sizeof *mp->polys, &m->failed);
        if (m->failed)
            return;
        mp->polys[mp->npolys].first_ring = mp->nrings;
        mp->polys[mp->npolys].ring_count = 0;
        mp->polys[mp->npolys].bbox.minx = mp->polys[mp->npolys].bbox.miny = INFINITY;
        mp->polys[mp->npolys].bbox.maxx = mp->polys[mp->npolys].bbox.maxy = -INFINITY;
        mp->npolys++;
    }
    mp->rings = grow(mp->rings, mp->nrings, sizeof *mp->rings, &m->failed);
    mp->xy = grow(mp->xy, 2 * ((size_t)mp->nvertices + (size_t)n + 1), sizeof *mp->xy, &m->failed);
    if (m->failed)
        return;
    r = &mp->rings[mp->nrings++];
    r->start = mp->nvertices;
    r->count = (uint32_t)n + 1;
    for (k = 0; k <= n; k++) {
        double x = m->x0 + ij[2 * (k % n)] * m->step, y = m->y0 + ij[2 * (k % n) + 1] * m->step;
        dc_poly *p = &mp->polys[mp->npolys - 1];
        mp->xy[2 * (size_t)mp->nvertices] = x;
        mp->xy[2 * (size_t)mp->nvertices + 1] = y;
        mp->nvertices++;
        if (shell) {
            p->bbox.minx = fmin(p->bbox.minx, x);
            p->bbox.miny = fmin(p->bbox.miny, y);
            p->bbox.maxx = fmax(p->bbox.maxx, x);
            p->bbox.maxy = fmax(p->bbox.maxy, y);
        }
    }
    mp->polys[mp->npolys - 1].ring_count++;
    if (shell) {
        dc_poly *p = &mp->polys[mp->npolys - 1];
        mp->bbox.minx = fmin(mp->bbox.minx, p->bbox.minx);
        mp->bbox.miny = fmin(mp->bbox.miny, p->bbox.miny);
        mp->bbox.maxx = fmax(mp->bbox.maxx, p->bbox.maxx);
        mp->bbox.maxy = fmax(mp->bbox.maxy, p->bbox.maxy);
    }
}

/* A rectangle with an extra vertex in the middle of its bottom edge (collinear points). */
static void add_rect(maker *m, int i0, int j0, int i1, int j1, int shell)
{
    int ij[10] = {i0, j0, (i0 + i1) / 2, j0, i1, j0, i1, j1, i0, j1};

    if (!shell) {
        /* holes run the other way round, as valid data has them */
        int rev[10] = {i0, j0, i0, j1, i1, j1, i1, j0, (i0 + i1) / 2, j0};
        memcpy(ij, rev, sizeof ij);
    }
    add_ring(m, ij, 5, shell);
}

/* A monotone staircase: up and right in unit steps, then back along the bottom. */
static void add_stairs(maker *m, int i0, int j0, int steps)
{
    int ij[2 * 70], n = 0, k;

    ij[n++] = i0;
    ij[n++] = j0;
    for (k = 0; k < steps; k++) {
        ij[n++] = i0 + k;
        ij[n++] = j0 + k + 1;
        ij[n++] = i0 + k + 1;
        ij[n++] = j0 + k + 1;
    }
    ij[n++] = i0 + steps;
    ij[n++] = j0;
    add_ring(m, ij, n / 2, 1);
}

dc_mpoly *lattice_zones(int n, double x0, double y0, double size, int steps, int maxw,
                        unsigned seed)
{
    dc_mpoly *z = calloc((size_t)n + 1, sizeof *z);
    maker m;
    int i;

    rs = 0x9E3779B97F4A7C15ULL ^ seed;
    memset(&m, 0, sizeof m);
    m.x0 = x0;
    m.y0 = y0;
    m.step = size / steps;
    for (i = 0; z && i < n && !m.failed; i++) {
        int kind = rnd_int(10), i0 = rnd_int(steps - 8), j0 = rnd_int(steps - 8);
        int w = 2 + rnd_int(maxw), h = 2 + rnd_int(maxw);

        if (i0 + w > steps) w = steps - i0;
        if (j0 + h > steps) h = steps - j0;
        m.mp = &z[i];
        z[i].bbox.minx = z[i].bbox.miny = INFINITY;
        z[i].bbox.maxx = z[i].bbox.maxy = -INFINITY;
        if (kind < 2) {
            /* i0, j0 < steps - 8: up to 6 steps fit */
            add_stairs(&m, i0, j0, 2 + rnd_int(5));
        } else if (kind < 4 && w >= 4 && h >= 4) {
            add_rect(&m, i0, j0, i0 + w, j0 + h, 1);
            add_rect(&m, i0 + 1, j0 + 1, i0 + w - 1, j0 + h - 1 - rnd_int(h - 3), 0);
        } else if (kind < 6 && i0 + w + 2 + w <= steps) {
            add_rect(&m, i0, j0, i0 + w, j0 + h, 1);
            add_rect(&m, i0 + w + 1, j0, i0 + w + 1 + w, j0 + h, 1);
        } else {
            add_rect(&m, i0, j0, i0 + w, j0 + h, 1);
        }
    }
    if (z && m.failed) {
        lattice_zones_free(z, n);
        z = NULL;
    }
    return z;
}

void lattice_zones_free(dc_mpoly *z, int n)
{
    int i;

    for (i = 0; z && i < n; i++)
        dc_mpoly_free(&z[i]);
    free(z);
}
