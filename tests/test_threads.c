/*
 * One handle, many threads: every thread checks the same points (each in
 * its own order) and must get exactly the single-threaded answers.
 * Usage: test_threads STORE [THREADS] [POINTS]
 */
#include "domcov.h"
#include "xorshift.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct shared {
    const domcov_db *db;
    int npoints;
    double *lat, *lon;
    char **expected;
    int mismatches;
    pthread_mutex_t lock;
} shared;

typedef struct worker {
    shared *s;
    int id;
} worker;

/* Everything a caller can see of an answer, as text. */
static char *signature(const domcov_point_result *r)
{
    char buf[2048];
    size_t len = 0;
    int s, i;

    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
        const domcov_service_result *sr = &r->services[s];
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%d/%d/%s/%s/%.9f/%s;", sr->available,
                                sr->status, sr->technology ? sr->technology : "-",
                                sr->zone_id ? sr->zone_id : "-", sr->distance_m,
                                sr->nearest_zone_id ? sr->nearest_zone_id : "-");
    }
    len += (size_t)snprintf(buf + len, sizeof buf - len, "city=%s/%d/%.6f;",
                            r->city.code ? r->city.code : "-", r->city.match, r->city.distance_m);
    for (i = 0; i < r->zone_count && len < sizeof buf - 64; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s,", r->zones[i].zone_id);
    return strdup(buf);
}

static void *run(void *arg)
{
    worker *w = arg;
    shared *s = w->s;
    int k, bad = 0;
    char msg[128];

    for (k = 0; k < s->npoints; k++) {
        /* Threads walk the points with different strides so they hit different zones at once. */
        int i = (int)(((long long)k * (2 * w->id + 1) + w->id * 7919LL) % s->npoints);
        domcov_point_result *r = NULL;
        char *sig;

        if (domcov_check_point(s->db, s->lat[i], s->lon[i], &r) != DOMCOV_OK) {
            bad++;
            continue;
        }
        sig = signature(r);
        if (sig == NULL || strcmp(sig, s->expected[i]) != 0)
            bad++;
        free(sig);
        domcov_point_result_free(r);
        if (k % 97 == 0) {
            /* Failures report per thread: a bad coordinate here must not leak into others. */
            if (domcov_check_point(s->db, 100.0 + w->id, 0, &r) != DOMCOV_ERR_ARG)
                bad++;
            snprintf(msg, sizeof msg, "latitude %g is out of range", 100.0 + w->id);
            if (strncmp(domcov_errmsg(s->db), msg, strlen(msg)) != 0)
                bad++;
        }
    }
    pthread_mutex_lock(&s->lock);
    s->mismatches += bad;
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

int main(int argc, char **argv)
{
    shared s;
    domcov_db *db = NULL;
    domcov_store_info *info = NULL;
    pthread_t tids[64];
    worker workers[64];
    int nthreads = argc > 2 ? atoi(argv[2]) : 8, i, failed = 0;
    unsigned long long x = 88172645463325252ULL;

    if (argc < 2 || nthreads < 1 || nthreads > 64) {
        fprintf(stderr, "usage: %s STORE [THREADS<=64] [POINTS]\n", argv[0]);
        return 2;
    }
    if (domcov_open(argv[1], 0, &db) != DOMCOV_OK || domcov_store_info_get(db, &info) != DOMCOV_OK) {
        fprintf(stderr, "cannot open %s: %s\n", argv[1], domcov_errmsg(NULL));
        return 1;
    }
    memset(&s, 0, sizeof s);
    s.db = db;
    s.npoints = argc > 3 ? atoi(argv[3]) : 20000;
    s.lat = malloc(sizeof *s.lat * (size_t)s.npoints);
    s.lon = malloc(sizeof *s.lon * (size_t)s.npoints);
    s.expected = calloc((size_t)s.npoints, sizeof *s.expected);
    pthread_mutex_init(&s.lock, NULL);
    for (i = 0; i < s.npoints; i++) {
        domcov_point_result *r = NULL;
        /* Points over the zones' bounding box, padded by 20%. */
        double u = xorshift64_unit(&x), v = xorshift64_unit(&x);
        s.lat[i] = padded_coord(info->min_lat, info->max_lat, u);
        s.lon[i] = padded_coord(info->min_lon, info->max_lon, v);
        if (domcov_check_point(db, s.lat[i], s.lon[i], &r) != DOMCOV_OK) {
            fprintf(stderr, "single-threaded check failed: %s\n", domcov_errmsg(db));
            return 1;
        }
        s.expected[i] = signature(r);
        domcov_point_result_free(r);
    }
    for (i = 0; i < nthreads; i++) {
        workers[i].s = &s;
        workers[i].id = i;
        pthread_create(&tids[i], NULL, run, &workers[i]);
    }
    for (i = 0; i < nthreads; i++)
        pthread_join(tids[i], NULL);
    failed = s.mismatches != 0;
    if (failed)
        fprintf(stderr, "%d answers differed from the single-threaded ones\n", s.mismatches);
    printf("%d threads x %d points on one handle\n", nthreads, s.npoints);
    printf("%d passed, %d failed\n", failed ? 0 : 1, failed);
    for (i = 0; i < s.npoints; i++)
        free(s.expected[i]);
    free(s.expected);
    free(s.lat);
    free(s.lon);
    domcov_store_info_free(info);
    domcov_close(db);
    return failed;
}
