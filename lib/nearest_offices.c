/*
 * domcov_nearest_offices: the k offices nearest to a point, by geodesic
 * distance on WGS84, computing only a few geodesics.
 *
 * For two points, let theta be the angle between their geocentric
 * directions (it grows with the chord between the unit vectors).  Their
 * geodesic is at least b * theta: the ellipsoid lies outside the sphere of
 * the semi-minor axis b, and projecting onto a ball never lengthens a
 * curve.  It is at most a * theta * (1 + 1e-4): the arc of the ellipse cut by
 * the plane through both points and the centre has radius at most a, and
 * that radius changes slowly enough (by the flattening) to add under 1e-5.
 *
 * Offices are sorted by the z of their unit vector at load.  Phase 1 walks
 * outward from the query's z (the chord is at least the z gap), keeping the
 * k smallest chords: their upper bound is a distance the k-th nearest office
 * cannot exceed, so offices whose lower bound is larger are dropped without
 * a geodesic.  Phase 2 computes geodesics for the survivors, nearest chord
 * first, until the lower bound passes the k-th geodesic found.
 */
#include "domcov.h"

#include "error.h"
#include "geo/geodesic.h"
#include "packer.h"
#include "store/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define WGS84_A 6378137.0
#define WGS84_B 6356752.314245179
/* Shrinks the lower bound and grows the upper one by far more than their rounding errors. */
#define LOWER_MARGIN (1 - 1e-9)
#define UPPER_MARGIN (1 + 1e-4)
/* Absolute slack for distances near zero, where relative margins vanish (metres). */
#define SLACK_M 0.001

typedef struct cand {
    double d;      /* geodesic distance in metres; the squared chord in phase 1 */
    uint32_t i;    /* office index */
} cand;

static const char *const kind_names[] = {NULL, "office", "terminal"};

const char *domcov_office_kind_name(int kind)
{
    return kind == DOMCOV_OFFICE_OFFICE || kind == DOMCOV_OFFICE_TERMINAL ? kind_names[kind] : NULL;
}

static double chord2(const double q[3], const double u[3])
{
    double dx = q[0] - u[0], dy = q[1] - u[1], dz = q[2] - u[2];
    return dx * dx + dy * dy + dz * dz;
}

/* The angle between unit vectors from their squared chord. */
static double angle_of(double c2)
{
    double half = sqrt(c2) / 2;
    return 2 * asin(half < 1 ? half : 1);
}

static double lower_m(double c2)
{
    return WGS84_B * angle_of(c2) * LOWER_MARGIN - SLACK_M;
}

static double upper_m(double c2)
{
    return WGS84_A * angle_of(c2) * UPPER_MARGIN + SLACK_M;
}

/* The squared chord beyond which an office's lower bound exceeds d metres. */
static double chord2_limit(double d)
{
    double half_angle = (d + SLACK_M) / (2 * WGS84_B * LOWER_MARGIN), c;

    if (half_angle >= M_PI / 2)
        return 4;  /* the largest chord: nothing can be ruled out */
    c = 2 * sin(half_angle);
    return c * c;
}

/* Order of results: nearer first, equal distances by id, so answers are reproducible. */
static int after(const domcov_db *db, const cand *a, const cand *b)
{
    if (a->d != b->d)
        return a->d > b->d;
    return strcmp(db->offices[a->i].ext_id, db->offices[b->i].ext_id) > 0;
}

/* A max-heap of the k best candidates so far, the worst on top: by `after` (with db) or by d. */
typedef struct heap {
    cand *c;
    int n, k;
    const domcov_db *db;
} heap;

static int heap_less(const heap *h, const cand *a, const cand *b)
{
    return h->db ? after(h->db, b, a) : a->d < b->d;
}

static void sift_down(heap *h, int i)
{
    for (;;) {
        int l = 2 * i + 1, r = l + 1, top = i;
        cand t;
        if (l < h->n && heap_less(h, &h->c[top], &h->c[l]))
            top = l;
        if (r < h->n && heap_less(h, &h->c[top], &h->c[r]))
            top = r;
        if (top == i)
            return;
        t = h->c[i];
        h->c[i] = h->c[top];
        h->c[top] = t;
        i = top;
    }
}

/* Keeps the k best: adds c when there is room or when it beats the worst kept. */
static void heap_offer(heap *h, cand c)
{
    int i;

    if (h->n == h->k) {
        if (!heap_less(h, &c, &h->c[0]))
            return;
        h->c[0] = c;
        sift_down(h, 0);
        return;
    }
    i = h->n++;
    h->c[i] = c;
    while (i > 0 && heap_less(h, &h->c[(i - 1) / 2], &h->c[i])) {
        cand t = h->c[i];
        h->c[i] = h->c[(i - 1) / 2];
        h->c[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}


/* Heap sort in place: the max-heap becomes ascending order, nearest first. */
static void heap_sort(heap *h)
{
    int n = h->n;

    while (h->n > 1) {
        cand t = h->c[0];
        h->c[0] = h->c[h->n - 1];
        h->c[h->n - 1] = t;
        h->n--;
        sift_down(h, 0);
    }
    h->n = n;
}

static domcov_office_list *pack(const domcov_db *db, double lat, double lon, const cand *c, int n,
                                dc_packer *p)
{
    domcov_office_list *list = dc_pack_bytes(p, sizeof *list);
    domcov_office *items = dc_pack_bytes(p, sizeof *items * (size_t)(n > 0 ? n : 1));
    int i;

    for (i = 0; i < n; i++) {
        const dc_office *o = &db->offices[c[i].i];
        domcov_office tmp;
        tmp.id = dc_pack_str(p, o->ext_id);
        tmp.kind = o->kind;
        tmp.name = dc_pack_str(p, o->name);
        tmp.address = dc_pack_str(p, o->address);
        tmp.hours = dc_pack_str(p, o->hours);
        tmp.city_code = o->city >= 0 ? dc_pack_str(p, db->cities[o->city].code) : NULL;
        tmp.lat = o->lat;
        tmp.lon = o->lon;
        tmp.distance_m = c[i].d;
        if (items)
            items[i] = tmp;
    }
    if (list == NULL)
        return NULL;
    list->lat = lat;
    list->lon = lon;
    list->count = n;
    list->offices = items;
    return list;
}

static int cmp_chord(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    return x->d < y->d ? -1 : x->d > y->d;
}

/* Phase 1: offices not ruled out by the k smallest chords, as (squared chord, index). */
static int collect(const domcov_db *db, const double q[3], int k, int kind, cand **out, size_t *n)
{
    heap chords = {NULL, 0, k, NULL};
    double limit2 = 4;
    size_t cap = 0;
    uint32_t lo, hi, mid;
    int64_t down, up;
    int status = DOMCOV_OK;

    *out = NULL;
    *n = 0;
    if ((chords.c = malloc(sizeof *chords.c * (size_t)k)) == NULL)
        return DOMCOV_ERR_NOMEM;
    for (lo = 0, hi = db->noffices; lo < hi;) {
        mid = lo + (hi - lo) / 2;
        if (db->offices[mid].u[2] < q[2])
            lo = mid + 1;
        else
            hi = mid;
    }
    down = (int64_t)lo - 1;
    up = lo;
    for (;;) {
        double dz_down = down >= 0 ? q[2] - db->offices[down].u[2] : INFINITY;
        double dz_up = up < db->noffices ? db->offices[up].u[2] - q[2] : INFINITY;
        double gap = fmin(dz_down, dz_up), c2;
        uint32_t i;

        /* The chord is at least the z gap: once it rules the nearer side out, it rules out all. */
        if (isinf(gap) || gap * gap > limit2)
            break;
        i = dz_down <= dz_up ? (uint32_t)down-- : (uint32_t)up++;
        if ((kind != DOMCOV_OFFICE_ANY && db->offices[i].kind != kind) ||
            (c2 = chord2(q, db->offices[i].u)) > limit2)
            continue;
        if (*n == cap) {
            cand *grown = realloc(*out, sizeof **out * (cap = cap ? cap * 2 : 64));
            if (grown == NULL) {
                status = DOMCOV_ERR_NOMEM;
                break;
            }
            *out = grown;
        }
        (*out)[(*n)++] = (cand){c2, i};
        heap_offer(&chords, (cand){c2, i});
        if (chords.n == k)
            limit2 = chord2_limit(upper_m(chords.c[0].d));
    }
    free(chords.c);
    return status;
}

int domcov_nearest_offices(const domcov_db *db, double lat, double lon, int limit, int kind,
                           domcov_office_list **out)
{
    heap best = {NULL, 0, 0, NULL};
    cand *cands = NULL;
    size_t ncands = 0, j;
    double q[3];
    dc_packer p = DC_PACKER_INIT;
    int status = DOMCOV_OK;

    dc_clear_error();
    if (out == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "out is NULL");
    *out = NULL;
    if (db == NULL)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "db is NULL");
    if (!dc_valid_lat_lon(lat, lon))
        return dc_fail(db, DOMCOV_ERR_ARG, "(lat %g, lon %g) is not a valid WGS84 coordinate", lat, lon);
    if (limit < 1 || limit > DOMCOV_NEAREST_OFFICES_MAX)
        return dc_fail(db, DOMCOV_ERR_ARG, "limit %d is out of range [1, %d]", limit,
                       DOMCOV_NEAREST_OFFICES_MAX);
    if (kind != DOMCOV_OFFICE_ANY && kind != DOMCOV_OFFICE_OFFICE && kind != DOMCOV_OFFICE_TERMINAL)
        return dc_fail(db, DOMCOV_ERR_ARG, "unknown office kind %d", kind);
    best.k = limit;
    best.db = db;
    dc_geocentric_unit(lat, lon, q);
    if ((best.c = malloc(sizeof *best.c * (size_t)limit)) == NULL ||
        collect(db, q, limit, kind, &cands, &ncands) != DOMCOV_OK) {
        status = dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    /* Phase 2: geodesics, nearest chord first, until no lower bound can beat the k-th. */
    if (ncands > 1)
        qsort(cands, ncands, sizeof *cands, cmp_chord);
    for (j = 0; j < ncands; j++) {
        const dc_office *o = &db->offices[cands[j].i];
        if (best.n == best.k && lower_m(cands[j].d) > best.c[0].d)
            break;
        heap_offer(&best, (cand){dc_geodesic_m(lat, lon, o->lat, o->lon), cands[j].i});
    }
    heap_sort(&best);
    pack(db, lat, lon, best.c, best.n, &p);
    if (dc_packer_alloc(&p) != 0) {
        status = dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    *out = pack(db, lat, lon, best.c, best.n, &p);
cleanup:
    free(best.c);
    free(cands);
    return status;
}

void domcov_office_list_free(domcov_office_list *list)
{
    free(list);
}
