/*
 * The zones covering a point and the best of each service: the one
 * implementation behind domcov_check_point_ex and domcov_check_point_status
 * (lib/check_point.c), and the status-only coverage for callers inside the
 * library (the address matcher).
 */
#ifndef DC_POINT_STATUS_H
#define DC_POINT_STATUS_H

#include "domcov.h"

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

/*
 * domcov_check_point_status without the argument checks (db, out non-NULL;
 * lat, lon in range): for callers inside the library that checked them.
 * DOMCOV_OK or DOMCOV_ERR_NOMEM (message set, *out as for a point no zone covers).
 */
int dc_point_status(const domcov_db *db, double lat, double lon, domcov_point_status *out);
/* *out for a point no zone covers: every service NONE, zone_count 0. */
void dc_point_status_none(domcov_point_status *out);

#endif
