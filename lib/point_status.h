/*
 * The zones covering a point and the best of each service: the one
 * implementation behind domcov_check_point_ex and domcov_check_point_status
 * (lib/check_point.c), and the status-only coverage for callers inside the
 * library (the address matcher).
 */
#ifndef DC_POINT_STATUS_H
#define DC_POINT_STATUS_H

#include "domcov.h"
#include "packer.h"

#include <stdint.h>

/* Zones covering one point are few; more than this spills to the heap. */
#define DC_POINT_INLINE_HITS 32

typedef struct dc_point_hits {
    uint32_t *hits;  /* zone indexes, best first (db->zone_rank): inline or on the heap */
    uint32_t n;      /* how many */
    /* Per service, the position in hits of its best covering zone (the first of
     * that service: active before planned, then technology, id), or -1. */
    int32_t best[DOMCOV_SERVICE_COUNT];
    uint32_t inline_hits[DC_POINT_INLINE_HITS];
} dc_point_hits;

/*
 * Finds the zones covering (lat, lon), sorts them in result order and picks
 * each service's best.  No argument checks: lat and lon must be in range.
 * Allocates only beyond DC_POINT_INLINE_HITS hits.  DOMCOV_OK, or
 * DOMCOV_ERR_NOMEM (message set, h left empty); release h either way.
 */
int dc_point_hits_find(const domcov_db *db, double lat, double lon, dc_point_hits *h);
void dc_point_hits_release(dc_point_hits *h);

/* The nearest active zone of a service: -1 when not searched or the store has none. */
typedef struct dc_point_nearest {
    int32_t zone;
    double distance_m;
} dc_point_nearest;

/* Everything domcov_check_point_ex answers, before it is packed into a result. */
typedef struct dc_point_answer {
    double lat, lon;
    dc_point_nearest near[DOMCOV_SERVICE_COUNT];
    int32_t city;
    int city_match;
    double city_distance_m;
    dc_point_hits hits;       /* last: dc_point_answer_find clears only what comes before */
} dc_point_answer;

/*
 * The answer of domcov_check_point_ex(db, lat, lon, flags) without the
 * argument checks (lat, lon in range; flags known).  DOMCOV_OK or
 * DOMCOV_ERR_NOMEM (message set); release a either way.
 */
int dc_point_answer_find(const domcov_db *db, double lat, double lon, unsigned flags, dc_point_answer *a);
void dc_point_answer_release(dc_point_answer *a);
/* Measures (p measuring) or writes the public result of an answer, as dc_packer does:
 * a caller may pack it inside its own result. */
domcov_point_result *dc_point_answer_pack(const domcov_db *db, const dc_point_answer *a, dc_packer *p);

/*
 * domcov_check_point_status without the argument checks (db, out non-NULL;
 * lat, lon in range): for callers inside the library that checked them.
 * DOMCOV_OK or DOMCOV_ERR_NOMEM (message set, *out as for a point no zone covers).
 */
int dc_point_status(const domcov_db *db, double lat, double lon, domcov_point_status *out);
/* *out for a point no zone covers: every service NONE, zone_count 0. */
void dc_point_status_none(domcov_point_status *out);

#endif
