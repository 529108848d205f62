/*
 * Property test: the zone index answers exactly as GEOS.
 *
 * For each store, every point below is located twice: by the index
 * (dc_zone_index_lookup) and by GEOS (GEOSPreparedIntersects of the point
 * with each zone, read back through SpatiaLite), and the sets of zones
 * must be equal.  Points: random ones over the zones' bbox, every vertex,
 * every edge midpoint and the points 1e-9 degree either side of it, the
 * corners of index cells and their floating-point neighbours, and the
 * nodes of the 0.005-degree lattice the generated rectangles share.
 * A sample of the random points also checks the nearest-zone search
 * against the plain loop of dc_mpoly_nearest_boundary over all zones:
 * same zone, same distance and point to the bit.
 *
 * Then the same on zones made in memory on a coarse lattice (see
 * lattice_zones.h), with dc_mpoly_locate as the reference: edges shared
 * by many zones and lying on the index's cell lines and centres.
 *
 * Usage: test_index_vs_geos [--points N] [--gen NZONES --work DIR] STORE...
 * Prints "N passed, N failed"; a point is one case.
 */
#include "domcov.h"
#include "gen_store.h"
#include "geos_ref.h"
#include "lattice_zones.h"
#include "test_random.h"
#include "geo/zone_index.h"
#include "store/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct run {
    domcov_db *db;
    geos_ref ref;
    uint32_t *got;
    int *want;
    long passed, failed;
    const char *name;
} run;


static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The index lists zones in no particular order. */
static uint32_t lookup_sorted(const dc_zone_index *idx, double lon, double lat, uint32_t *out,
                              uint32_t cap)
{
    uint32_t n = dc_zone_index_lookup(idx, lon, lat, out, cap);

    qsort(out, n < cap ? n : cap, sizeof *out, u32_cmp);
    return n;
}

static void check(run *r, double lon, double lat, const char *what)
{
    uint32_t n = lookup_sorted(&r->db->zone_index, lon, lat, r->got, r->db->nzones + 1);
    int m = geos_ref_query(&r->ref, lon, lat, r->want), i, same = (int)n == m;

    for (i = 0; same && i < m; i++)
        same = r->got[i] == (uint32_t)r->want[i];
    if (same) {
        r->passed++;
        return;
    }
    if (r->failed++ < 20) {
        fprintf(stderr, "%s: %s (%.17g, %.17g): index", r->name, what, lon, lat);
        for (i = 0; i < (int)n; i++)
            fprintf(stderr, " %s", r->db->zones[r->got[i]].zone_id);
        fprintf(stderr, "; GEOS");
        for (i = 0; i < m; i++)
            fprintf(stderr, " %s", r->ref.zone_ids[r->want[i]]);
        fputc('\n', stderr);
    }
}

/* The loop the index replaced: all active zones of the service, in zone order. */
static void check_nearest(run *r, double lon, double lat)
{
    const domcov_db *db = r->db;
    int s;

    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
        double best = INFINITY, blat = lat, blon = lon;
        int32_t bz = -1;
        dc_nearest_edge e;
        uint32_t i;

        for (i = 0; i < db->nzones; i++) {
            const dc_zone *z = &db->zones[i];
            double plat, plon, d;
            if (z->service != s || z->status != DOMCOV_ZONE_ACTIVE ||
                dc_bbox_distance_m(&z->geom.bbox, lat, lon) > best)
                continue;
            d = dc_mpoly_nearest_boundary(&z->geom, lat, lon, &plat, &plon);
            if (d < best) {
                best = d;
                bz = (int32_t)i;
                blat = plat;
                blon = plon;
            }
        }
        dc_zone_index_nearest(&db->zone_index, s, lat, lon, &e);
        if (e.zone == bz && (bz < 0 || (e.plane_m == best && e.lat == blat && e.lon == blon))) {
            r->passed++;
        } else if (r->failed++ < 20) {
            fprintf(stderr,
                    "%s: nearest %s at (%.17g, %.17g): index zone %d %.17g m (%.17g, %.17g); "
                    "loop zone %d %.17g m (%.17g, %.17g)\n",
                    r->name, domcov_service_name(s), lon, lat, e.zone, e.plane_m, e.lon, e.lat, bz,
                    best, blon, blat);
        }
    }
}

static void check_zone_points(run *r)
{
    uint32_t z, k, i;

    for (z = 0; z < r->db->nzones; z++) {
        const dc_mpoly *mp = &r->db->zones[z].geom;
        for (k = 0; k < mp->nrings; k++) {
            const double *xy = mp->xy + 2 * (size_t)mp->rings[k].start;
            for (i = 0; i + 1 < mp->rings[k].count; i++) {
                double x1 = xy[2 * i], y1 = xy[2 * i + 1], x2 = xy[2 * i + 2], y2 = xy[2 * i + 3];
                double mx = (x1 + x2) / 2, my = (y1 + y2) / 2, len = hypot(x2 - x1, y2 - y1);
                double nx = len > 0 ? -(y2 - y1) / len * 1e-9 : 0,
                       ny = len > 0 ? (x2 - x1) / len * 1e-9 : 0;
                check(r, x1, y1, "vertex");
                check(r, mx, my, "edge midpoint");
                check(r, mx + nx, my + ny, "1e-9 left of an edge");
                check(r, mx - nx, my - ny, "1e-9 right of an edge");
            }
        }
    }
}

/* Cell corners as the build computes them, and their neighbours one ulp away. */
static void check_cell_corners(run *r, int count)
{
    const dc_zone_index *idx = &r->db->zone_index;
    int i, a, b;

    for (i = 0; idx->nx > 0 && i < count; i++) {
        uint32_t cx = (uint32_t)(rnd() * (idx->nx + 1)), cy = (uint32_t)(rnd() * (idx->ny + 1));
        double x = idx->minx + cx * idx->cell_w, y = idx->miny + cy * idx->cell_h;
        double sub = 1 << (int)(rnd() * 5);
        /* Also a corner of a possible child cell, at a random level. */
        if (i & 1) {
            x += floor(rnd() * sub) * (idx->cell_w / sub);
            y += floor(rnd() * sub) * (idx->cell_h / sub);
        }
        for (a = -1; a <= 1; a++)
            for (b = -1; b <= 1; b++)
                check(r, a ? nextafter(x, a * INFINITY) : x, b ? nextafter(y, b * INFINITY) : y,
                      "cell corner");
    }
}

/* The 0.005-degree lattice of the generated rectangles: shared edges and corners. */
static void check_lattice(run *r, int count)
{
    int i;

    for (i = 0; i < count; i++) {
        double x = GEN_LON0 + (int)(rnd() * 80) * 0.005 + (i % 3 == 1 ? 0.0025 : 0);
        double y = GEN_LAT0 + (int)(rnd() * 60) * 0.005 + (i % 3 == 2 ? 0.0025 : 0);
        check(r, x, y, "lattice point");
    }
}

static long total_passed, total_failed;

typedef struct lattice_run {
    dc_zone_index idx;
    dc_zone_ref *refs;
    int n;
    uint32_t *got;
    long passed, failed;
    const char *name;
} lattice_run;

static void lattice_check(lattice_run *r, double x, double y)
{
    uint32_t n = lookup_sorted(&r->idx, x, y, r->got, (uint32_t)r->n + 1), k = 0;
    int i, same = 1;

    for (i = 0; i < r->n && same; i++) {
        int in = dc_mpoly_locate(r->refs[i].geom, x, y) != DC_LOC_EXTERIOR;
        if (in)
            same = k < n && r->got[k++] == (uint32_t)i;
    }
    same = same && k == n;
    if (same)
        r->passed++;
    else if (r->failed++ < 20)
        fprintf(stderr, "%s: (%.17g, %.17g): index and dc_mpoly_locate disagree\n", r->name, x, y);
}

/* The nearest search against the loop over zones, as in check_nearest. */
static void lattice_nearest(lattice_run *r, double x, double y)
{
    int s;

    for (s = 0; s < 2; s++) {
        double best = INFINITY, blat = y, blon = x;
        int32_t bz = -1;
        dc_nearest_edge e;
        int i;

        for (i = 0; i < r->n; i++) {
            double plat, plon, d;
            if (r->refs[i].service != s || !r->refs[i].active ||
                dc_bbox_distance_m(&r->refs[i].geom->bbox, y, x) > best)
                continue;
            d = dc_mpoly_nearest_boundary(r->refs[i].geom, y, x, &plat, &plon);
            if (d < best) {
                best = d;
                bz = i;
                blat = plat;
                blon = plon;
            }
        }
        dc_zone_index_nearest(&r->idx, s, y, x, &e);
        if (e.zone == bz && (bz < 0 || (e.plane_m == best && e.lat == blat && e.lon == blon)))
            r->passed++;
        else if (r->failed++ < 20)
            fprintf(stderr, "%s: nearest %d at (%.17g, %.17g): index zone %d, loop zone %d\n",
                    r->name, s, x, y, e.zone, bz);
    }
}

/* Lattice zones at one place and scale: every half-lattice node, ulp neighbours, random points. */
static void run_lattice(const char *name, int nzones, double x0, double y0, double size, int steps,
                        int maxw, long npoints)
{
    lattice_run r;
    dc_mpoly *z = lattice_zones(nzones, x0, y0, size, steps, maxw, 7);
    double step = size / (2 * steps);
    long i;
    int a, b, rc;

    memset(&r, 0, sizeof r);
    r.name = name;
    r.n = nzones;
    r.refs = calloc((size_t)nzones + 1, sizeof *r.refs);
    r.got = calloc((size_t)nzones + 1, sizeof *r.got);
    if (z == NULL || r.refs == NULL || r.got == NULL) {
        total_failed++;
        goto cleanup;
    }
    for (i = 0; i < nzones; i++) {
        r.refs[i].geom = &z[i];
        r.refs[i].service = (int)(i % 2);
        r.refs[i].active = i % 7 != 0;
    }
    if ((rc = dc_zone_index_build(&r.idx, r.refs, (uint32_t)nzones)) != 0) {
        fprintf(stderr, "%s: index build failed (%d)\n", name, rc);
        total_failed++;
        goto cleanup;
    }
    for (a = -2; a <= 2 * steps + 2; a++)
        for (b = -2; b <= 2 * steps + 2; b++) {
            double x = x0 + a * step, y = y0 + b * step;
            lattice_check(&r, x, y);
            if ((a * 131 + b) % 17 == 0) {
                lattice_check(&r, nextafter(x, INFINITY), y);
                lattice_check(&r, x, nextafter(y, -INFINITY));
                lattice_check(&r, nextafter(x, -INFINITY), nextafter(y, INFINITY));
            }
            if ((a * 131 + b) % 29 == 0)
                lattice_nearest(&r, x, y);
        }
    for (i = 0; i < npoints; i++) {
        double x = x0 - size * 0.02 + size * 1.04 * rnd(),
               y = y0 - size * 0.02 + size * 1.04 * rnd();
        lattice_check(&r, x, y);
        if (i % 50 == 0)
            lattice_nearest(&r, x, y);
    }
    printf("%s: %ld points and nearest checks agree, %ld disagree (%d zones, depth %u, "
           "%u reference points moved off a boundary)\n",
           name, r.passed, r.failed, nzones, r.idx.depth, r.idx.ref_moved);
    total_passed += r.passed;
    total_failed += r.failed;
cleanup:
    dc_zone_index_free(&r.idx);
    lattice_zones_free(z, nzones);
    free(r.refs);
    free(r.got);
}

/* Adds the store's cases to the totals; a store that cannot be read is one failed case. */
static void run_store(const char *path, const char *name, long npoints)
{
    run r;
    long i;
    dc_bbox b;

    memset(&r, 0, sizeof r);
    r.name = name;
    r.failed = 1; /* until the store is read */
    if (domcov_open(path, 0, &r.db) != DOMCOV_OK) {
        fprintf(stderr, "%s: cannot open: %s\n", path, domcov_errmsg(NULL));
        goto cleanup;
    }
    if (geos_ref_open(&r.ref, path) != 0 || r.ref.n != (int)r.db->nzones)
        goto cleanup;
    for (i = 0; i < r.ref.n; i++)
        if (strcmp(r.ref.zone_ids[i], r.db->zones[i].zone_id) != 0) {
            fprintf(stderr, "%s: zone %ld is %s here, %s in GEOS\n", name, i,
                    r.db->zones[i].zone_id, r.ref.zone_ids[i]);
            goto cleanup;
        }
    r.got = malloc(((size_t)r.db->nzones + 1) * sizeof *r.got);
    r.want = malloc(((size_t)r.db->nzones + 1) * sizeof *r.want);
    if (r.got == NULL || r.want == NULL)
        goto cleanup;
    r.failed = 0;
    b = r.db->zone_index.bbox;
    for (i = 0; i < npoints; i++) {
        double w = b.maxx - b.minx, h = b.maxy - b.miny;
        double lon = b.minx - 0.01 * w + 1.02 * w * rnd(),
               lat = b.miny - 0.01 * h + 1.02 * h * rnd();
        check(&r, lon, lat, "random point");
        if (i % 20 == 0)
            check_nearest(&r, lon, lat);
    }
    check_zone_points(&r);
    check_cell_corners(&r, 20000);
    check_lattice(&r, 20000);
    printf("%s: %ld points and nearest checks agree, %ld disagree (%u zones, index %u top cells, "
           "depth %u, %.1f MB)\n",
           name, r.passed, r.failed, r.db->nzones, r.db->zone_index.nx * r.db->zone_index.ny,
           r.db->zone_index.depth, dc_zone_index_bytes(&r.db->zone_index) / 1048576.0);
cleanup:
    total_passed += r.passed;
    total_failed += r.failed;
    free(r.got);
    free(r.want);
    geos_ref_close(&r.ref);
    domcov_close(r.db);
}

int main(int argc, char **argv)
{
    long npoints = 200000;
    int gen = 0, i;
    const char *work = NULL;
    char store[4096];

    rng = 0x2545F4914F6CDD1DULL; /* the seed the figures in docs/performance.md were run with */
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--points") == 0 && i + 1 < argc) {
            npoints = atol(argv[++i]);
        } else if (strcmp(argv[i], "--gen") == 0 && i + 1 < argc) {
            gen = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--work") == 0 && i + 1 < argc) {
            work = argv[++i];
        } else {
            run_store(argv[i], argv[i], npoints);
        }
    }
    if (gen > 0) {
        if (work == NULL)
            work = "property-gen";
        snprintf(store, sizeof store, "%s/gen.sqlite", work);
        if (gen_store(work, store, gen, GEN_SIZE_M, 1) != 0)
            total_failed++;
        else
            run_store(store, "generated", npoints);
    }
    run_lattice("lattice near 0", 300, 0, 0, 1, 64, 16, npoints / 4);
    run_lattice("lattice in Perm", 300, 56.0, 58.0, 0.05, 64, 16, npoints / 4);
    run_lattice("lattice west and south", 300, -74.0, -41.0, 0.01, 64, 16, npoints / 4);
    /* Many small zones: a deeper tree, zones listed whole on inner cells. */
    run_lattice("fine lattice in Perm", 3000, 56.0, 58.0, 0.05, 256, 6, npoints / 4);
    printf("%ld passed, %ld failed\n", total_passed, total_failed);
    return total_failed > 0 || total_passed == 0;
}
