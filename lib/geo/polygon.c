/* Zone multipolygons: decoding SpatiaLite blobs, point location, nearest boundary point. */
#include "polygon.h"

#include "orient.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SpatiaLite BLOB-Geometry markers (see docs/store-format.md). */
#define SL_START 0x00
#define SL_MBR_END 0x7C
#define SL_ENTITY 0x69
#define SL_END 0xFE
#define SL_POLYGON 3
#define SL_MULTIPOLYGON 6

#define M_PER_DEG_LAT DC_M_PER_DEG_LAT
#define M_PER_DEG_LON_EQ DC_M_PER_DEG_LON_EQ

typedef struct blob_reader {
    const unsigned char *p;
    size_t len, pos;
    int little;
    char *err;
    size_t errlen;
} blob_reader;

static int rd_fail(blob_reader *r, const char *what)
{
    snprintf(r->err, r->errlen, "%s at byte %zu of %zu", what, r->pos, r->len);
    return -1;
}

static int rd_u8(blob_reader *r, unsigned *v)
{
    if (r->pos + 1 > r->len)
        return rd_fail(r, "geometry blob truncated");
    *v = r->p[r->pos++];
    return 0;
}

static int rd_i32(blob_reader *r, int32_t *v)
{
    const unsigned char *b;
    uint32_t u;

    if (r->pos + 4 > r->len)
        return rd_fail(r, "geometry blob truncated");
    b = r->p + r->pos;
    if (r->little)
        u = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    else
        u = (uint32_t)b[3] | (uint32_t)b[2] << 8 | (uint32_t)b[1] << 16 | (uint32_t)b[0] << 24;
    memcpy(v, &u, 4);
    r->pos += 4;
    return 0;
}

static int host_little(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 1;
}

static int rd_f64(blob_reader *r, double *v)
{
    unsigned char b[8];
    int i;

    if (r->pos + 8 > r->len)
        return rd_fail(r, "geometry blob truncated");
    /* Blobs are little-endian in practice, as hosts are: then one copy, not eight. */
    if (r->little && host_little()) {
        memcpy(v, r->p + r->pos, 8);
    } else {
        for (i = 0; i < 8; i++)
            b[i] = r->little ? r->p[r->pos + (size_t)i] : r->p[r->pos + 7 - (size_t)i];
        memcpy(v, b, 8);
    }
    r->pos += 8;
    return 0;
}

/* Counts first, so the arrays are allocated once with exact sizes. */
typedef struct mp_builder {
    dc_mpoly *mp;
    uint32_t cap_polys, cap_rings, cap_vertices;
} mp_builder;

static int grow(void **arr, uint32_t *cap, uint32_t need, size_t elem)
{
    uint32_t c = *cap ? *cap : 4;
    void *p;

    if (need <= *cap)
        return 0;
    while (c < need)
        c *= 2;
    p = realloc(*arr, (size_t)c * elem);
    if (p == NULL)
        return -2;
    *arr = p;
    *cap = c;
    return 0;
}

static void bbox_extend(dc_bbox *b, double x, double y)
{
    if (x < b->minx) b->minx = x;
    if (x > b->maxx) b->maxx = x;
    if (y < b->miny) b->miny = y;
    if (y > b->maxy) b->maxy = y;
}

static const dc_bbox empty_bbox = {INFINITY, INFINITY, -INFINITY, -INFINITY};

static int read_polygon_body(blob_reader *r, mp_builder *b)
{
    dc_mpoly *mp = b->mp;
    dc_poly *poly;
    int32_t nrings, npts;
    int32_t i, j;
    int rc;

    if (rd_i32(r, &nrings) != 0)
        return -1;
    if (nrings < 1 || (size_t)nrings > (r->len - r->pos) / 4)
        return rd_fail(r, "bad ring count in polygon");
    if ((rc = grow((void **)&mp->polys, &b->cap_polys, mp->npolys + 1, sizeof *mp->polys)) != 0)
        return rc;
    poly = &mp->polys[mp->npolys++];
    poly->first_ring = mp->nrings;
    poly->ring_count = (uint32_t)nrings;
    poly->bbox = empty_bbox;
    for (i = 0; i < nrings; i++) {
        dc_ring *ring;

        if (rd_i32(r, &npts) != 0)
            return -1;
        if (npts < 4 || (size_t)npts > (r->len - r->pos) / 16)
            return rd_fail(r, "bad vertex count in ring");
        if ((rc = grow((void **)&mp->rings, &b->cap_rings, mp->nrings + 1, sizeof *mp->rings)) != 0)
            return rc;
        if ((rc = grow((void **)&mp->xy, &b->cap_vertices, mp->nvertices + (uint32_t)npts,
                       2 * sizeof *mp->xy)) != 0)
            return rc;
        ring = &mp->rings[mp->nrings++];
        ring->start = mp->nvertices;
        ring->count = (uint32_t)npts;
        for (j = 0; j < npts; j++) {
            double x, y;

            if (rd_f64(r, &x) != 0 || rd_f64(r, &y) != 0)
                return -1;
            if (!isfinite(x) || !isfinite(y))
                return rd_fail(r, "non-finite coordinate");
            /* SRID 4326 lon/lat: anything else is damage (imports never write it). */
            if (x < -180.0 || x > 180.0 || y < -90.0 || y > 90.0)
                return rd_fail(r, "coordinate outside WGS84 lon/lat range");
            mp->xy[2 * (size_t)mp->nvertices] = x;
            mp->xy[2 * (size_t)mp->nvertices + 1] = y;
            mp->nvertices++;
            if (i == 0)
                bbox_extend(&poly->bbox, x, y);
        }
        if (mp->xy[2 * (size_t)ring->start] != mp->xy[2 * (size_t)mp->nvertices - 2] ||
            mp->xy[2 * (size_t)ring->start + 1] != mp->xy[2 * (size_t)mp->nvertices - 1])
            return rd_fail(r, "ring not closed");
    }
    bbox_extend(&mp->bbox, poly->bbox.minx, poly->bbox.miny);
    bbox_extend(&mp->bbox, poly->bbox.maxx, poly->bbox.maxy);
    return 0;
}

int dc_mpoly_from_spatialite(const unsigned char *blob, size_t len, dc_mpoly *out, char *err,
                             size_t errlen)
{
    blob_reader r = {blob, len, 0, 1, err, errlen};
    mp_builder b;
    unsigned u;
    int32_t srid, cls, n, i;
    double mbr[4];
    int rc = -1;

    memset(out, 0, sizeof *out);
    out->bbox = empty_bbox;
    b.mp = out;
    b.cap_polys = b.cap_rings = b.cap_vertices = 0;
    if (blob == NULL || len < 45) {
        snprintf(err, errlen, "not a SpatiaLite geometry (%zu bytes)", len);
        goto cleanup;
    }
    if (blob[0] != SL_START || (blob[1] != 0 && blob[1] != 1)) {
        snprintf(err, errlen, "not a SpatiaLite geometry (bad start bytes)");
        goto cleanup;
    }
    r.little = blob[1] == 1;
    r.pos = 2;
    if (rd_i32(&r, &srid) != 0)
        goto cleanup;
    for (i = 0; i < 4; i++)
        if (rd_f64(&r, &mbr[i]) != 0)
            goto cleanup;
    if (rd_u8(&r, &u) != 0)
        goto cleanup;
    if (u != SL_MBR_END) {
        rd_fail(&r, "not a SpatiaLite geometry (no MBR end marker)");
        goto cleanup;
    }
    if (srid != 4326) {
        snprintf(err, errlen, "geometry has SRID %d, the store keeps 4326 only", (int)srid);
        goto cleanup;
    }
    if (rd_i32(&r, &cls) != 0)
        goto cleanup;
    if (cls == SL_POLYGON) {
        rc = read_polygon_body(&r, &b);
    } else if (cls == SL_MULTIPOLYGON) {
        if (rd_i32(&r, &n) != 0)
            goto cleanup;
        if (n < 1 || (size_t)n > (len - r.pos) / 5) {
            rd_fail(&r, "bad polygon count in multipolygon");
            goto cleanup;
        }
        rc = 0;
        for (i = 0; i < n && rc == 0; i++) {
            int32_t sub;

            if (rd_u8(&r, &u) != 0 || rd_i32(&r, &sub) != 0) {
                rc = -1;
                break;
            }
            if (u != SL_ENTITY || sub != SL_POLYGON) {
                rc = rd_fail(&r, "multipolygon member is not a polygon");
                break;
            }
            rc = read_polygon_body(&r, &b);
        }
    } else {
        snprintf(err, errlen, "geometry class %d is not a (multi)polygon", (int)cls);
        goto cleanup;
    }
    if (rc != 0)
        goto cleanup;
    if (rd_u8(&r, &u) != 0)
        goto cleanup;
    if (u != SL_END || r.pos != len) {
        rd_fail(&r, "geometry blob has no end marker or trailing bytes");
        rc = -1;
        goto cleanup;
    }
    rc = 0;
cleanup:
    if (rc != 0)
        dc_mpoly_free(out);
    return rc;
}

void dc_mpoly_free(dc_mpoly *mp)
{
    if (mp == NULL)
        return;
    free(mp->polys);
    free(mp->rings);
    free(mp->xy);
    memset(mp, 0, sizeof *mp);
}

int dc_bbox_contains(const dc_bbox *b, double lon, double lat)
{
    return lon >= b->minx && lon <= b->maxx && lat >= b->miny && lat <= b->maxy;
}

/*
 * GEOS's RayCrossingCounter for one ring: counts crossings of the ray from
 * (px, py) towards +x; sets *on_boundary when the point lies on the ring.
 */
static int ring_crossings(const double *xy, uint32_t count, double px, double py, int *on_boundary)
{
    int crossings = 0;
    uint32_t i;

    for (i = 1; i < count; i++) {
        double x1 = xy[2 * (i - 1)], y1 = xy[2 * (i - 1) + 1];
        double x2 = xy[2 * i], y2 = xy[2 * i + 1];

        if (x1 < px && x2 < px)
            continue;
        if (px == x2 && py == y2) {
            *on_boundary = 1;
            return 0;
        }
        if (y1 == py && y2 == py) {
            double minx = x1 < x2 ? x1 : x2, maxx = x1 < x2 ? x2 : x1;
            if (minx <= px && px <= maxx) {
                *on_boundary = 1;
                return 0;
            }
            continue;
        }
        if ((y1 > py && y2 <= py) || (y2 > py && y1 <= py)) {
            int orient = dc_orient(x1, y1, x2, y2, px, py);
            if (orient == 0) {
                *on_boundary = 1;
                return 0;
            }
            if (y2 < y1)
                orient = -orient;
            if (orient > 0)
                crossings++;
        }
    }
    return crossings;
}

static int poly_locate(const dc_mpoly *mp, const dc_poly *poly, double x, double y)
{
    uint32_t k;

    for (k = 0; k < poly->ring_count; k++) {
        const dc_ring *ring = &mp->rings[poly->first_ring + k];
        int on_boundary = 0;
        int c = ring_crossings(mp->xy + 2 * (size_t)ring->start, ring->count, x, y, &on_boundary);

        if (on_boundary)
            return DC_LOC_BOUNDARY;
        if (k == 0 && (c & 1) == 0)
            return DC_LOC_EXTERIOR;   /* outside the shell */
        if (k > 0 && (c & 1) == 1)
            return DC_LOC_EXTERIOR;   /* inside a hole */
    }
    return DC_LOC_INTERIOR;
}

int dc_mpoly_locate(const dc_mpoly *mp, double lon, double lat)
{
    uint32_t i;
    int best = DC_LOC_EXTERIOR;

    if (!dc_bbox_contains(&mp->bbox, lon, lat))
        return DC_LOC_EXTERIOR;
    for (i = 0; i < mp->npolys; i++) {
        int loc;

        if (!dc_bbox_contains(&mp->polys[i].bbox, lon, lat))
            continue;
        loc = poly_locate(mp, &mp->polys[i], lon, lat);
        if (loc == DC_LOC_INTERIOR)
            return loc;
        if (loc == DC_LOC_BOUNDARY)
            best = loc;
    }
    return best;
}

double dc_bbox_distance_m(const dc_bbox *b, double lat, double lon)
{
    double kx = M_PER_DEG_LON_EQ * cos(lat * M_PI / 180.0);
    double dx = 0, dy = 0;

    if (lon < b->minx) dx = b->minx - lon;
    else if (lon > b->maxx) dx = lon - b->maxx;
    if (lat < b->miny) dy = b->miny - lat;
    else if (lat > b->maxy) dy = lat - b->maxy;
    /* The box spans latitudes where a degree of longitude is shorter than at
     * `lat`; scale by the smallest cos over the box so this stays a lower bound. */
    {
        double far_lat = fabs(b->miny) > fabs(b->maxy) ? b->miny : b->maxy;
        double kmin = M_PER_DEG_LON_EQ * cos(far_lat * M_PI / 180.0);
        if (kmin < kx)
            kx = kmin;
    }
    return sqrt(dx * kx * dx * kx + dy * M_PER_DEG_LAT * dy * M_PER_DEG_LAT) * 0.99;
}

double dc_mpoly_nearest_boundary(const dc_mpoly *mp, double lat, double lon, double *near_lat,
                                 double *near_lon)
{
    double kx = dc_plane_kx(lat), ky = M_PER_DEG_LAT;
    double best = INFINITY, bx = lon, by = lat;
    uint32_t r, i;

    for (r = 0; r < mp->nrings; r++) {
        const double *xy = mp->xy + 2 * (size_t)mp->rings[r].start;

        for (i = 1; i < mp->rings[r].count; i++) {
            double cx, cy;
            double d = dc_seg_plane_dist(xy[2 * (i - 1)], xy[2 * (i - 1) + 1], xy[2 * i],
                                         xy[2 * i + 1], lon, lat, kx, ky, &cx, &cy);
            if (d < best) {
                best = d;
                bx = lon + cx / kx;
                by = lat + cy / ky;
            }
        }
    }
    *near_lat = by;
    *near_lon = bx;
    return best;
}
