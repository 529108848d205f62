/* domcov_check_point: which zones cover a point, the nearest coverage, the city. */
#include "domcov.h"

#include "error.h"
#include "geo/geodesic.h"
#include "packer.h"
#include "store/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Zones covering one point are few; more than this spills to the heap. */
#define INLINE_HITS 32

typedef struct nearest {
    int32_t zone;       /* -1 when the store has no active zone of the service */
    double distance_m;
} nearest;

typedef struct point_answer {
    double lat, lon;
    const uint32_t *hits;
    uint32_t nhits;
    nearest near[DOMCOV_SERVICE_COUNT];
    int32_t city;
    int city_match;
    double city_distance_m;
} point_answer;

/* Order of covering zones: active first, then better technology, then by id. */
static _Thread_local const domcov_db *sort_db_tls;

static int hit_cmp(const void *a, const void *b)
{
    const dc_zone *za = &sort_db_tls->zones[*(const uint32_t *)a];
    const dc_zone *zb = &sort_db_tls->zones[*(const uint32_t *)b];

    if (za->status != zb->status)
        return za->status == DOMCOV_ZONE_ACTIVE ? -1 : 1;
    if (za->tech_rank != zb->tech_rank)
        return za->tech_rank - zb->tech_rank;
    if (za->service != zb->service)
        return za->service - zb->service;
    return strcmp(za->zone_id, zb->zone_id);
}

/* Nearest active zone of a service, pruned by bounding boxes. */
static nearest nearest_active(const domcov_db *db, int service, double lat, double lon)
{
    nearest best = {-1, INFINITY};
    double best_plane = INFINITY, near_lat = lat, near_lon = lon;
    uint32_t i;

    for (i = 0; i < db->nzones; i++) {
        const dc_zone *z = &db->zones[i];
        double plat, plon, d;

        if (z->service != service || z->status != DOMCOV_ZONE_ACTIVE)
            continue;
        if (dc_bbox_distance_m(&z->geom.bbox, lat, lon) > best_plane)
            continue;
        d = dc_mpoly_nearest_boundary(&z->geom, lat, lon, &plat, &plon);
        if (d < best_plane) {
            best_plane = d;
            best.zone = (int32_t)i;
            near_lat = plat;
            near_lon = plon;
        }
    }
    if (best.zone >= 0)
        best.distance_m = dc_geodesic_m(lat, lon, near_lat, near_lon);
    else
        best.distance_m = -1;
    return best;
}

static void find_city(const domcov_db *db, point_answer *a)
{
    uint32_t i;

    a->city = -1;
    a->city_match = DOMCOV_CITY_NONE;
    a->city_distance_m = -1;
    for (i = 0; i < a->nhits; i++) {
        int32_t c = db->zones[a->hits[i]].city;
        if (c >= 0) {
            a->city = c;
            a->city_match = DOMCOV_CITY_ZONE;
            a->city_distance_m =
                dc_geodesic_m(a->lat, a->lon, db->cities[c].lat, db->cities[c].lon);
            return;
        }
    }
    for (i = 0; i < db->ncities; i++) {
        double d = dc_geodesic_m(a->lat, a->lon, db->cities[i].lat, db->cities[i].lon);
        if (d <= DOMCOV_CITY_MAX_DISTANCE_M && (a->city < 0 || d < a->city_distance_m)) {
            a->city = (int32_t)i;
            a->city_match = DOMCOV_CITY_NEAREST;
            a->city_distance_m = d;
        }
    }
}

/* Writes (or measures) the public result for an answer. */
static domcov_point_result *pack_result(const domcov_db *db, const point_answer *a, dc_packer *p)
{
    domcov_point_result *r = dc_pack_bytes(p, sizeof *r);
    domcov_zone_hit *zh = dc_pack_bytes(p, sizeof *zh * (a->nhits ? a->nhits : 1));
    int s;
    uint32_t i;

    if (r) {
        memset(r, 0, sizeof *r);
        r->lat = a->lat;
        r->lon = a->lon;
        r->zone_count = (int)a->nhits;
        r->zones = zh;
    }
    for (i = 0; i < a->nhits; i++) {
        const dc_zone *z = &db->zones[a->hits[i]];
        const char *id = dc_pack_str(p, z->zone_id);
        const char *tech = dc_pack_str(p, z->technology);
        const char *name = dc_pack_str(p, z->name);
        if (zh) {
            zh[i].zone_id = id;
            zh[i].service = z->service;
            zh[i].status = z->status;
            zh[i].technology = tech;
            zh[i].name = name;
        }
    }
    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
        const domcov_zone_hit *best = NULL;
        const char *near_id = NULL;

        for (i = 0; zh && i < a->nhits && best == NULL; i++)
            if (zh[i].service == s)
                best = &zh[i];
        if (a->near[s].zone >= 0)
            near_id = dc_pack_str(p, db->zones[a->near[s].zone].zone_id);
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
    if (a->city >= 0) {
        const dc_city *c = &db->cities[a->city];
        const char *code = dc_pack_str(p, c->code), *name = dc_pack_str(p, c->name);
        const char *type = dc_pack_str(p, c->type), *region = dc_pack_str(p, c->region);
        const char *support = dc_pack_str(p, c->support_phone);
        const char *sales = dc_pack_str(p, c->sales_phone);
        if (r) {
            r->city.code = code;
            r->city.name = name;
            r->city.type = type;
            r->city.region = region;
            r->city.support_phone = support;
            r->city.sales_phone = sales;
        }
    }
    if (r) {
        r->city.match = a->city_match;
        r->city.distance_m = a->city_distance_m;
    }
    return r;
}

int domcov_check_point(const domcov_db *db, double lat, double lon, domcov_point_result **out)
{
    uint32_t inline_hits[INLINE_HITS];
    uint32_t *hits = inline_hits, cap = INLINE_HITS, ncand = 0, i;
    const uint32_t *cand;
    point_answer a;
    dc_packer p = {NULL, 0};
    int s, status = DOMCOV_OK;

    dc_clear_error();
    if (out == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "out is NULL");
    *out = NULL;
    if (db == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "db is NULL");
    if (!isfinite(lat) || lat < -90.0 || lat > 90.0)
        return dc_fail(db, DOMCOV_ERR_ARG, "latitude %g is out of range [-90, 90]", lat);
    if (!isfinite(lon) || lon < -180.0 || lon > 180.0)
        return dc_fail(db, DOMCOV_ERR_ARG, "longitude %g is out of range [-180, 180]", lon);

    memset(&a, 0, sizeof a);
    a.lat = lat;
    a.lon = lon;
    cand = dc_zone_index_candidates(&db->zone_index, lon, lat, &ncand);
    for (i = 0; i < ncand; i++) {
        if (dc_mpoly_locate(&db->zones[cand[i]].geom, lon, lat) == DC_LOC_EXTERIOR)
            continue;
        if (a.nhits == cap) {
            uint32_t *bigger = malloc(sizeof *bigger * cap * 2);
            if (bigger == NULL) {
                status = dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
                goto cleanup;
            }
            memcpy(bigger, hits, sizeof *hits * a.nhits);
            if (hits != inline_hits)
                free(hits);
            hits = bigger;
            cap *= 2;
        }
        hits[a.nhits++] = cand[i];
    }
    sort_db_tls = db;
    qsort(hits, a.nhits, sizeof *hits, hit_cmp);
    a.hits = hits;

    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
        int covered = 0;
        for (i = 0; i < a.nhits && !covered; i++)
            covered = db->zones[hits[i]].service == s &&
                      db->zones[hits[i]].status == DOMCOV_ZONE_ACTIVE;
        if (covered) {
            a.near[s].zone = -1;
            a.near[s].distance_m = 0;
        } else {
            a.near[s] = nearest_active(db, s, lat, lon);
        }
    }
    find_city(db, &a);

    pack_result(db, &a, &p);
    p.base = malloc(p.used);
    if (p.base == NULL) {
        status = dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    p.used = 0;
    *out = pack_result(db, &a, &p);
cleanup:
    if (hits != inline_hits)
        free(hits);
    return status;
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
