/*
 * domcov_check_point: which zones cover a point, the nearest coverage, the city.
 *
 * Everything a query needs beyond the store is prepared at open
 * (dc_point_prepare): the zone index, the order of zones in a result, the
 * cities' ECEF coordinates.  A query then allocates exactly once: its result
 * (domcov_check_point_status: never, below DC_POINT_INLINE_HITS hits).
 */
#include "domcov.h"

#include "error.h"
#include "geo/geodesic.h"
#include "packer.h"
#include "point_status.h"
#include "store/store.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Order of covering zones: active first, then better technology, then by id. */
static int zone_cmp(const dc_zone *za, const dc_zone *zb)
{
    if (za->status != zb->status)
        return za->status == DOMCOV_ZONE_ACTIVE ? -1 : 1;
    if (za->tech_rank != zb->tech_rank)
        return za->tech_rank - zb->tech_rank;
    if (za->service != zb->service)
        return za->service - zb->service;
    return strcmp(za->zone_id, zb->zone_id);
}

static int zone_ptr_cmp(const void *a, const void *b)
{
    return zone_cmp(*(const dc_zone *const *)a, *(const dc_zone *const *)b);
}

/* Hits are few: an insertion sort on the ranks computed at open. */
static void sort_hits(const domcov_db *db, uint32_t *hits, uint32_t n)
{
    uint32_t i, j;

    for (i = 1; i < n; i++) {
        uint32_t h = hits[i], r = db->zone_rank[h];
        for (j = i; j > 0 && db->zone_rank[hits[j - 1]] > r; j--)
            hits[j] = hits[j - 1];
        hits[j] = h;
    }
}

int dc_point_prepare(domcov_db *db)
{
    dc_zone_ref *refs = malloc(((size_t)db->nzones + 1) * sizeof *refs);
    const dc_zone **order = malloc(((size_t)db->nzones + 1) * sizeof *order);
    uint32_t i;
    int rc, status = DOMCOV_OK;

    db->zone_rank = malloc(((size_t)db->nzones + 1) * sizeof *db->zone_rank);
    db->city_xyz = malloc(((size_t)db->ncities + 1) * 3 * sizeof *db->city_xyz);
    if (refs == NULL || order == NULL || db->zone_rank == NULL || db->city_xyz == NULL) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (i = 0; i < db->nzones; i++) {
        dc_zone *z = &db->zones[i];

        z->zone_id_len = z->zone_id ? strlen(z->zone_id) : 0;
        z->technology_len = z->technology ? strlen(z->technology) : 0;
        z->name_len = z->name ? strlen(z->name) : 0;
        refs[i].geom = &db->zones[i].geom;
        refs[i].service = db->zones[i].service;
        refs[i].active = db->zones[i].status == DOMCOV_ZONE_ACTIVE;
        order[i] = &db->zones[i];
    }
    qsort(order, db->nzones, sizeof *order, zone_ptr_cmp);
    for (i = 0; i < db->nzones; i++)
        db->zone_rank[order[i] - db->zones] = i;
    for (i = 0; i < db->ncities; i++)
        dc_ecef(db->cities[i].lat, db->cities[i].lon, db->city_xyz + 3 * (size_t)i);
    rc = dc_zone_index_build(&db->zone_index, refs, db->nzones);
    if (rc == -2)
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for the zone index");
    else if (rc != 0)
        status = dc_fail(NULL, DOMCOV_ERR_INTERNAL, "store '%s': the zone index cannot be built",
                         db->path);
cleanup:
    free(refs);
    free(order);
    return status;
}

void dc_point_release(domcov_db *db)
{
    dc_zone_index_free(&db->zone_index);
    free(db->zone_rank);
    free(db->city_xyz);
    db->zone_rank = NULL;
    db->city_xyz = NULL;
}

/* Nearest active zone of a service, through the index (same answer as the loop over zones). */
static dc_point_nearest nearest_active(const domcov_db *db, int service, double lat, double lon)
{
    dc_point_nearest best = {-1, -1};
    dc_nearest_edge e;

    dc_zone_index_nearest(&db->zone_index, service, lat, lon, &e);
    if (e.zone >= 0) {
        best.zone = e.zone;
        best.distance_m = dc_geodesic_m(lat, lon, e.lat, e.lon);
    }
    return best;
}

static void find_city(const domcov_db *db, dc_point_answer *a)
{
    double xyz[3];
    uint32_t i;

    a->city = -1;
    a->city_match = DOMCOV_CITY_NONE;
    a->city_distance_m = -1;
    for (i = 0; i < a->hits.n; i++) {
        int32_t c = db->zones[a->hits.hits[i]].city;
        if (c >= 0) {
            a->city = c;
            a->city_match = DOMCOV_CITY_ZONE;
            a->city_distance_m =
                dc_geodesic_m(a->lat, a->lon, db->cities[c].lat, db->cities[c].lon);
            return;
        }
    }
    /* The chord lower bound skips the geodesic for cities that cannot win. */
    dc_ecef(a->lat, a->lon, xyz);
    for (i = 0; i < db->ncities; i++) {
        double d, limit = a->city < 0 ? DOMCOV_CITY_MAX_DISTANCE_M : a->city_distance_m;
        if (dc_chord_lower_bound_m(xyz, db->city_xyz + 3 * (size_t)i) > limit)
            continue;
        d = dc_geodesic_m(a->lat, a->lon, db->cities[i].lat, db->cities[i].lon);
        if (d <= DOMCOV_CITY_MAX_DISTANCE_M && (a->city < 0 || d < a->city_distance_m)) {
            a->city = (int32_t)i;
            a->city_match = DOMCOV_CITY_NEAREST;
            a->city_distance_m = d;
        }
    }
}

/* See point_status.h. */
domcov_point_result *dc_point_answer_pack(const domcov_db *db, const dc_point_answer *a, dc_packer *p)
{
    const dc_point_hits *h = &a->hits;
    domcov_point_result *r = dc_pack_bytes(p, sizeof *r);
    domcov_zone_hit *zh = dc_pack_bytes(p, sizeof *zh * (h->n ? h->n : 1));
    int s;
    uint32_t i;

    if (r) {
        memset(r, 0, sizeof *r);
        r->lat = a->lat;
        r->lon = a->lon;
        r->zone_count = (int)h->n;
        r->zones = zh;
    }
    for (i = 0; i < h->n; i++) {
        const dc_zone *z = &db->zones[h->hits[i]];
        const char *id = dc_pack_strn(p, z->zone_id, z->zone_id_len);
        const char *tech = dc_pack_strn(p, z->technology, z->technology_len);
        const char *name = dc_pack_strn(p, z->name, z->name_len);
        if (zh) {
            zh[i].zone_id = id;
            zh[i].service = z->service;
            zh[i].status = z->status;
            zh[i].technology = tech;
            zh[i].name = name;
        }
    }
    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
        const domcov_zone_hit *best = zh && h->best[s] >= 0 ? &zh[h->best[s]] : NULL;
        const char *near_id = NULL;

        if (a->near[s].zone >= 0)
            near_id = dc_pack_strn(p, db->zones[a->near[s].zone].zone_id, db->zones[a->near[s].zone].zone_id_len);
        if (r) {
            domcov_service_result *sr = &r->services[s];
            sr->service = s;
            sr->status = best ? best->status : DOMCOV_ZONE_NONE;
            sr->available = best && best->status == DOMCOV_ZONE_ACTIVE;
            sr->technology = best ? best->technology : NULL;
            sr->zone_id = best ? best->zone_id : NULL;
            sr->distance_m = a->near[s].distance_m;
            sr->nearest_zone_id = near_id;
        }
    }
    if (a->city >= 0)
        dc_city_pack(p, &db->cities[a->city], r ? &r->city : NULL);
    if (r) {
        r->city.match = a->city_match;
        r->city.distance_m = a->city_distance_m;
    }
    return r;
}

int dc_point_hits_find(const domcov_db *db, double lat, double lon, dc_point_hits *h)
{
    uint32_t i;
    int s, found = 0;

    h->hits = h->inline_hits;
    h->n = dc_zone_index_lookup(&db->zone_index, lon, lat, h->hits, DC_POINT_INLINE_HITS);
    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++)
        h->best[s] = -1;
    if (h->n > DC_POINT_INLINE_HITS) {
        h->hits = malloc(sizeof *h->hits * h->n);
        if (h->hits == NULL) {
            h->hits = h->inline_hits;
            h->n = 0;
            return dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
        }
        dc_zone_index_lookup(&db->zone_index, lon, lat, h->hits, h->n);
    }
    sort_hits(db, h->hits, h->n);
    /* The first hit of a service is its best: zone_rank puts active before planned. */
    for (i = 0; i < h->n && found < DOMCOV_SERVICE_COUNT; i++) {
        s = db->zones[h->hits[i]].service;
        if (s >= 0 && s < DOMCOV_SERVICE_COUNT && h->best[s] < 0) {
            h->best[s] = (int32_t)i;
            found++;
        }
    }
    return DOMCOV_OK;
}

void dc_point_hits_release(dc_point_hits *h)
{
    if (h->hits != h->inline_hits)
        free(h->hits);
    h->hits = h->inline_hits;
    h->n = 0;
}

/* The checks every point query makes of its arguments, with one set of messages. */
static int check_point_args(const domcov_db *db, double lat, double lon)
{
    if (db == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "db is NULL");
    if (!isfinite(lat) || lat < -90.0 || lat > 90.0)
        return dc_fail(db, DOMCOV_ERR_ARG, "latitude %g is out of range [-90, 90]", lat);
    if (!isfinite(lon) || lon < -180.0 || lon > 180.0)
        return dc_fail(db, DOMCOV_ERR_ARG, "longitude %g is out of range [-180, 180]", lon);
    return DOMCOV_OK;
}

int domcov_check_point(const domcov_db *db, double lat, double lon, domcov_point_result **out)
{
    return domcov_check_point_ex(db, lat, lon, DOMCOV_CHECK_DEFAULT, out);
}

/* See point_status.h. */
int dc_point_answer_find(const domcov_db *db, double lat, double lon, unsigned flags, dc_point_answer *a)
{
    const dc_point_hits *h = &a->hits;
    int s, status;

    memset(a, 0, offsetof(dc_point_answer, hits));
    a->lat = lat;
    a->lon = lon;
    if ((status = dc_point_hits_find(db, lat, lon, &a->hits)) != DOMCOV_OK)
        return status;
    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
        if (h->best[s] >= 0 && db->zones[h->hits[h->best[s]]].status == DOMCOV_ZONE_ACTIVE) {
            a->near[s].zone = -1;
            a->near[s].distance_m = 0;
        } else if (flags & DOMCOV_CHECK_NO_DISTANCE) {
            /* Status-only callers (batch) skip the search: most of a check's cost. */
            a->near[s].zone = -1;
            a->near[s].distance_m = -1;
        } else {
            a->near[s] = nearest_active(db, s, lat, lon);
        }
    }
    if (flags & DOMCOV_CHECK_NO_CITY) {
        a->city = -1;
        a->city_match = DOMCOV_CITY_NONE;
        a->city_distance_m = -1;
    } else {
        find_city(db, a);
    }
    return DOMCOV_OK;
}

void dc_point_answer_release(dc_point_answer *a)
{
    dc_point_hits_release(&a->hits);
}

int domcov_check_point_ex(const domcov_db *db, double lat, double lon, unsigned flags,
                          domcov_point_result **out)
{
    dc_point_answer a;
    dc_packer p = DC_PACKER_INIT;
    int status;

    dc_clear_error();
    if (out == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "out is NULL");
    *out = NULL;
    if ((status = check_point_args(db, lat, lon)) != DOMCOV_OK)
        return status;
    if (flags & ~(DOMCOV_CHECK_NO_DISTANCE | DOMCOV_CHECK_NO_CITY))
        return dc_fail(db, DOMCOV_ERR_ARG, "unknown check flags 0x%x", flags);
    if ((status = dc_point_answer_find(db, lat, lon, flags, &a)) != DOMCOV_OK)
        goto cleanup;
    dc_point_answer_pack(db, &a, &p);
    if (dc_packer_alloc(&p) != 0) {
        status = dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    *out = dc_point_answer_pack(db, &a, &p);
cleanup:
    dc_point_answer_release(&a);
    return status;
}

/* See point_status.h. */
void dc_point_status_none(domcov_point_status *out)
{
    int s;

    memset(out, 0, sizeof *out);
    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
        out->services[s].service = s;
        out->services[s].status = DOMCOV_ZONE_NONE;
    }
}

int dc_point_status(const domcov_db *db, double lat, double lon, domcov_point_status *out)
{
    dc_point_hits h;
    int s, status = dc_point_hits_find(db, lat, lon, &h);

    dc_point_status_none(out);
    if (status == DOMCOV_OK) {
        out->zone_count = (int)h.n;
        for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
            domcov_service_status *ss = &out->services[s];
            const dc_zone *z;
            if (h.best[s] < 0)
                continue;
            z = &db->zones[h.hits[h.best[s]]];
            ss->status = z->status;
            ss->available = z->status == DOMCOV_ZONE_ACTIVE;
            ss->technology = z->technology;
            ss->zone_id = z->zone_id;
        }
    }
    dc_point_hits_release(&h);
    return status;
}

int domcov_check_point_status(const domcov_db *db, double lat, double lon,
                              domcov_point_status *out)
{
    int status;

    dc_clear_error();
    if (out == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "out is NULL");
    if ((status = check_point_args(db, lat, lon)) != DOMCOV_OK) {
        dc_point_status_none(out);
        return status;
    }
    return dc_point_status(db, lat, lon, out);
}

void domcov_point_result_free(domcov_point_result *result)
{
    free(result);
}

const char *domcov_service_name(int service)
{
    switch (service) {
    case DOMCOV_SERVICE_INTERNET: return "internet";
    case DOMCOV_SERVICE_TV: return "tv";
    default: return NULL;
    }
}

const char *domcov_zone_status_name(int status)
{
    switch (status) {
    case DOMCOV_ZONE_NONE: return "none";
    case DOMCOV_ZONE_ACTIVE: return "active";
    case DOMCOV_ZONE_PLANNED: return "planned";
    default: return NULL;
    }
}
