/*
 * Nearest boundary of a service's active zones, through the zone index.
 *
 * The answer must be the one of the plain loop over all zones (zone order,
 * dc_mpoly_nearest_boundary on each, strict "<"): the least plane distance,
 * ties to the least zone, then to its first edge.  Every candidate edge is
 * measured with the same dc_seg_plane_dist and compared on (distance, zone,
 * edge), so the order in which the grid hands out edges does not matter.
 *
 * Top cells are visited in square rings around the point until the next
 * ring cannot hold anything nearer; when that would take many rings (the
 * point is far from every such zone) the rest is the plain loop over zone
 * bounding boxes, carrying on from the best found so far.
 */
#include "zone_index.h"

#include <math.h>

/*
 * Top cells visited before switching to the loop over zones: a visit to an
 * empty cell costs about what a zone's bounding-box test does.
 */
#define RING_BUDGET 256u
#define RING_CELLS_PER_ZONE 2u

typedef struct search {
    const dc_zone_index *idx;
    uint32_t want;       /* DC_CZ_ACTIVE | service bits */
    uint8_t bit;         /* the service in dc_zone_index.active_mask */
    double lat, lon, kx, ky;
    int32_t zone;
    uint32_t edge;
    double d, cx, cy;
} search;

static void consider(search *s, uint32_t zone, uint32_t edge, double x1, double y1, double x2,
                     double y2)
{
    double cx, cy, d;
    double bx = s->lon < x1 && s->lon < x2 ? (x1 < x2 ? x1 : x2) - s->lon
                : s->lon > x1 && s->lon > x2 ? s->lon - (x1 > x2 ? x1 : x2) : 0;
    double by = s->lat < y1 && s->lat < y2 ? (y1 < y2 ? y1 : y2) - s->lat
                : s->lat > y1 && s->lat > y2 ? s->lat - (y1 > y2 ? y1 : y2) : 0;

    /* An edge whose box is farther than the best needs no projection (bound with a margin). */
    if ((bx * s->kx) * (bx * s->kx) + (by * s->ky) * (by * s->ky) <= s->d * s->d * 1.0001) {
        d = dc_seg_plane_dist(x1, y1, x2, y2, s->lon, s->lat, s->kx, s->ky, &cx, &cy);
        if (d < s->d ||
            (d == s->d && s->zone >= 0 &&
             (zone < (uint32_t)s->zone || (zone == (uint32_t)s->zone && edge < s->edge)))) {
            s->d = d;
            s->zone = (int32_t)zone;
            s->edge = edge;
            s->cx = cx;
            s->cy = cy;
        }
    }
}

/* The edge chains of one leaf entry (see zone_index.h). */
static void scan_chains(search *s, uint32_t zone, const dc_word *w, uint32_t nw)
{
    const dc_word *end = w + nw;

    while (w < end) {
        uint32_t edge = w->u.a, pts = w->u.b, i;
        for (i = 1; i < pts; i++, edge++)
            consider(s, zone, edge, w[2 * i - 1].d, w[2 * i].d, w[2 * i + 1].d, w[2 * i + 2].d);
        w += 1 + 2 * (size_t)pts;
    }
}

/*
 * Lower bound of the plane distance from the point to a box widened by
 * (mx, my), less 1% for rounding.  Every point of an edge lies within the
 * margins of some cell box that lists the edge, so pruning cells by this
 * bound never loses the nearest edge.
 */
static double box_bound(const search *s, double x0, double y0, double cw, double ch, double mx,
                        double my)
{
    double dx = s->lon < x0 - mx ? x0 - mx - s->lon
                : s->lon > x0 + cw + mx ? s->lon - (x0 + cw + mx) : 0;
    double dy = s->lat < y0 - my ? y0 - my - s->lat
                : s->lat > y0 + ch + my ? s->lat - (y0 + ch + my) : 0;

    dx *= s->kx;
    dy *= s->ky;
    return sqrt(dx * dx + dy * dy) * 0.99;
}

/*
 * A cell and its children whose boxes could hold something nearer than
 * the best so far; the child holding the point first, so a good best is
 * found early.  Boxes are computed as the build computed them.
 */
static void scan_cell(search *s, uint32_t ci, double x0, double y0, double cw, double ch)
{
    const dc_zone_index *idx = s->idx;
    const dc_cell *c = &idx->cells[ci];
    uint32_t i;

    if (!(idx->active_mask[ci] & s->bit) ||
        box_bound(s, x0, y0, cw, ch, idx->margin_x, idx->margin_y) > s->d) {
        /* nothing of the service here, or nothing nearer than the best */
    } else if (c->count & DC_CELL_INNER) {
        uint32_t k = c->count & DC_CELL_K, first = k * k, child = dc_cell_children(idx->words, c);
        uint32_t x, y, xlo, xhi, ylo, yhi;
        double sw = cw / k, sh = ch / k;
        double fu = (s->lon - x0) / sw, fv = (s->lat - y0) / sh;
        double ru, rv;

        if (fu >= 0 && fu < k && fv >= 0 && fv < k) {
            first = (uint32_t)fv * k + (uint32_t)fu;
            scan_cell(s, child + first, x0 + (first % k) * sw, y0 + (first / k) * sh, sw, sh);
        }
        /* Then the children within the best distance (plus a child's width) of the point. */
        ru = s->d / s->kx / sw + 1;
        rv = s->d / s->ky / sh + 1;
        xlo = fu - ru > 0 ? (uint32_t)dc_dmin(fu - ru, k - 1) : 0;
        xhi = fu + ru > 0 ? (uint32_t)dc_dmin(fu + ru, k - 1) : 0;
        ylo = fv - rv > 0 ? (uint32_t)dc_dmin(fv - rv, k - 1) : 0;
        yhi = fv + rv > 0 ? (uint32_t)dc_dmin(fv + rv, k - 1) : 0;
        for (y = ylo; y <= yhi; y++)
            for (x = xlo; x <= xhi; x++)
                if (y * k + x != first)
                    scan_cell(s, child + y * k + x, x0 + x * sw, y0 + y * sh, sw, sh);
    } else {
        const dc_word *e = idx->words + c->first, *data = e + c->count + 2;
        for (i = 0; i < c->count; i++) {
            uint32_t nw = e[i].u.b >> DC_CZ_WORDS_SHIFT;
            if (nw > 0 && (e[i].u.b & DC_CZ_FLAGS & ~DC_CZ_REF_INSIDE) == s->want)
                scan_chains(s, e[i].u.a, data, nw);
            data += nw;
        }
    }
}

static uint32_t clamp_cell(double v, uint32_t n)
{
    if (!(v > 0))
        return 0;
    if (v >= (double)n)
        return n - 1;
    return (uint32_t)v;
}

/* Rings of top cells; 1 when they settled the answer. */
static int scan_rings(search *s)
{
    const dc_zone_index *idx = s->idx;
    uint32_t qx = clamp_cell((s->lon - idx->minx) * idx->inv_w, idx->nx);
    uint32_t qy = clamp_cell((s->lat - idx->miny) * idx->inv_h, idx->ny);
    uint32_t maxk = qx, k, visited = 0;
    uint32_t budget =
        RING_BUDGET + RING_CELLS_PER_ZONE * idx->active_zones[s->want >> DC_CZ_SERVICE_SHIFT];
    /* Cells of ring k are at least k-1 whole cells away (margin for rounding). */
    double step = fmin(idx->cell_w * s->kx, idx->cell_h * s->ky) * 0.99;
    int settled = 0;

    if (idx->nx - 1 - qx > maxk) maxk = idx->nx - 1 - qx;
    if (qy > maxk) maxk = qy;
    if (idx->ny - 1 - qy > maxk) maxk = idx->ny - 1 - qy;
    for (k = 0; !settled && visited <= budget; k++) {
        long x0 = (long)qx - k, x1 = (long)qx + k, y0 = (long)qy - k, y1 = (long)qy + k, x, y;

        if (k > maxk || (k >= 1 && (k - 1) * step > s->d)) {
            settled = 1;
            break;
        }
        for (y = y0; y <= y1; y++) {
            if (y < 0 || y >= (long)idx->ny)
                continue;
            for (x = x0; x <= x1; x += (y == y0 || y == y1) ? 1 : x1 - x0) {
                if (x >= 0 && x < (long)idx->nx) {
                    scan_cell(s, (uint32_t)y * idx->nx + (uint32_t)x,
                              idx->minx + x * idx->cell_w, idx->miny + y * idx->cell_h,
                              idx->cell_w, idx->cell_h);
                    visited++;
                }
                if (x1 == x0)
                    break;
            }
        }
    }
    return settled;
}

/* The plain loop, pruned by bounding boxes against the best so far. */
static void scan_zones(search *s)
{
    const dc_zone_index *idx = s->idx;
    uint32_t z, r, e;

    for (z = 0; z < idx->nzones; z++) {
        const dc_zone_ref *zr = &idx->zones[z];
        const dc_mpoly *mp = zr->geom;

        if (!zr->active || zr->service != (int)(s->want >> DC_CZ_SERVICE_SHIFT))
            continue;
        if (box_bound(s, mp->bbox.minx, mp->bbox.miny, mp->bbox.maxx - mp->bbox.minx,
                      mp->bbox.maxy - mp->bbox.miny, 0, 0) > s->d)
            continue;
        for (r = 0; r < mp->nrings; r++)
            for (e = mp->rings[r].start; e + 1 < mp->rings[r].start + mp->rings[r].count; e++)
                consider(s, z, e, mp->xy[2 * (size_t)e], mp->xy[2 * (size_t)e + 1],
                         mp->xy[2 * (size_t)e + 2], mp->xy[2 * (size_t)e + 3]);
    }
}

void dc_zone_index_nearest(const dc_zone_index *idx, int service, double lat, double lon,
                           dc_nearest_edge *out)
{
    search s;

    s.idx = idx;
    s.want = DC_CZ_ACTIVE | (uint32_t)service << DC_CZ_SERVICE_SHIFT;
    s.bit = (uint8_t)(1u << (service & (DC_MAX_SERVICES - 1)));
    s.lat = lat;
    s.lon = lon;
    s.kx = dc_plane_kx(lat);
    s.ky = DC_M_PER_DEG_LAT;
    s.zone = -1;
    s.edge = 0;
    s.d = INFINITY;
    s.cx = s.cy = 0;
    if (service >= 0 && service < DC_MAX_SERVICES && idx->active_zones[service] > 0 &&
        (idx->nx == 0 || !scan_rings(&s)))
        scan_zones(&s);
    out->zone = s.zone;
    out->edge = s.edge;
    out->plane_m = s.d;
    out->lon = s.zone >= 0 ? lon + s.cx / s.kx : lon;
    out->lat = s.zone >= 0 ? lat + s.cy / s.ky : lat;
}
