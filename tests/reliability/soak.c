/*
 * Soak: many mixed calls from several threads on one handle, with the
 * process's resident memory sampled as it goes.  It stops by itself.
 *
 * Usage: soak STORE ADDRESSES.tsv [THREADS] [CALLS] [MAX_GROWTH_MIB]
 *   defaults: 8 threads, 10,000,000 calls, 16 MiB.
 * The mix, per 100 calls: 70 domcov_check_point (a tenth of them invalid
 * coordinates), 12 domcov_check_address, 10 domcov_suggest, 8
 * domcov_normalize.  RSS is read from /proc/self/statm after the first 10% of
 * the calls (the warm-up: allocator arenas of every thread are populated
 * then) and at the end; the test fails when it grew by more than
 * MAX_GROWTH_MIB, or when any call failed unexpectedly.
 * Prints the numbers and "N passed, N failed".
 */
#include "domcov.h"
#include "xorshift.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Sanitizer allocators keep freed memory (ASan's quarantine, TSan's shadow): there the RSS
   bound is reported but not enforced. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

typedef struct shared {
    const domcov_db *db;
    char **texts;
    int ntexts;
    double min_lat, min_lon, max_lat, max_lon;
    long long calls;
    atomic_llong done, errors;
    atomic_llong per_kind[4];
    atomic_int warm;          /* set once the warm-up calls are done */
} shared;

typedef struct worker {
    shared *s;
    int id;
    long long calls;
} worker;

static long rss_kib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = -1;
    fclose(f);
    return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *run(void *arg)
{
    worker *w = arg;
    shared *s = w->s;
    unsigned long long x = 0x9E3779B97F4A7C15ULL * (unsigned long long)(w->id + 1);
    long long i, errors = 0, kinds[4] = {0, 0, 0, 0};

    for (i = 0; i < w->calls; i++) {
        unsigned long long r = xorshift64(&x);
        int pick = (int)(r % 100);
        const char *text = s->texts[(r >> 8) % (unsigned long long)s->ntexts];
        int status;

        if (pick < 70) {
            domcov_point_result *p = NULL;
            double u = xorshift64_unit(&x);
            double v = xorshift64_unit(&x);
            double lat = padded_coord(s->min_lat, s->max_lat, u);
            double lon = padded_coord(s->min_lon, s->max_lon, v);
            int invalid = pick < 7;
            if (invalid)
                lat = pick < 3 ? NAN : 90.5 + u;
            status = domcov_check_point(s->db, lat, lon, &p);
            if (invalid ? status != DOMCOV_ERR_ARG : status != DOMCOV_OK)
                errors++;
            domcov_point_result_free(p);
            kinds[0]++;
        } else if (pick < 82) {
            domcov_address_result *a = NULL;
            status = domcov_check_address(s->db, text, NULL, &a);
            errors += status != DOMCOV_OK;
            domcov_address_result_free(a);
            kinds[1]++;
        } else if (pick < 92) {
            domcov_suggestions *g = NULL;
            char prefix[256];
            size_t n = strlen(text), cut = n * (size_t)(1 + (r >> 20) % 4) / 4;
            if (cut >= sizeof prefix)
                cut = sizeof prefix - 1;
            while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
                cut--;
            memcpy(prefix, text, cut);
            prefix[cut] = '\0';
            status = domcov_suggest(s->db, prefix, NULL, 10, &g);
            errors += status != DOMCOV_OK;
            domcov_suggestions_free(g);
            kinds[2]++;
        } else {
            domcov_address *a = NULL;
            status = domcov_normalize(text, &a);
            errors += status != DOMCOV_OK;
            domcov_address_free(a);
            kinds[3]++;
        }
        if ((i & 1023) == 1023)
            atomic_fetch_add(&s->done, 1024);
    }
    atomic_fetch_add(&s->done, w->calls & 1023);
    atomic_fetch_add(&s->errors, errors);
    for (i = 0; i < 4; i++)
        atomic_fetch_add(&s->per_kind[i], kinds[i]);
    return NULL;
}

int main(int argc, char **argv)
{
    shared s;
    domcov_db *db = NULL;
    domcov_store_info *info = NULL;
    pthread_t tids[64];
    worker workers[64];
    int nthreads = argc > 3 ? atoi(argv[3]) : 8, i, cap = 0, failed = 0;
    long long calls = argc > 4 ? atoll(argv[4]) : 10000000LL;
    double max_growth_mib = argc > 5 ? atof(argv[5]) : 16;
    long rss_open, rss_warm = -1, rss_end, rss_peak = 0;
    double t0, t_warm = 0, t_end;
    char line[8192];
    FILE *f;

    if (argc < 3 || nthreads < 1 || nthreads > 64 || calls < 1) {
        fprintf(stderr, "usage: %s STORE ADDRESSES.tsv [THREADS<=64] [CALLS] [MAX_GROWTH_MIB]\n",
                argv[0]);
        return 2;
    }
    if (domcov_open(argv[1], 0, &db) != DOMCOV_OK || domcov_store_info_get(db, &info) != DOMCOV_OK) {
        fprintf(stderr, "cannot open %s: %s\n", argv[1], domcov_errmsg(NULL));
        return 1;
    }
    memset(&s, 0, sizeof s);
    s.db = db;
    s.calls = calls;
    s.min_lat = info->min_lat;
    s.min_lon = info->min_lon;
    s.max_lat = info->max_lat;
    s.max_lon = info->max_lon;
    if ((f = fopen(argv[2], "r")) == NULL) {
        perror(argv[2]);
        return 1;
    }
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\t\r\n");
        if (line[0] == '#' || n == 0)
            continue;
        line[n] = '\0';
        {
            /* Inputs that fail on their own (the invalid UTF-8 case of match.tsv) are left out. */
            domcov_address *a = NULL;
            int ok = domcov_normalize(line, &a) == DOMCOV_OK;
            domcov_address_free(a);
            if (!ok)
                continue;
        }
        if (s.ntexts == cap) {
            cap = cap ? cap * 2 : 64;
            s.texts = realloc(s.texts, sizeof *s.texts * (size_t)cap);
        }
        s.texts[s.ntexts++] = strdup(line);
    }
    fclose(f);
    if (s.ntexts == 0) {
        fprintf(stderr, "no addresses in %s that normalize\n", argv[2]);
        domcov_store_info_free(info);
        domcov_close(db);
        return 1;
    }

    rss_open = rss_kib();
    t0 = now_s();
    for (i = 0; i < nthreads; i++) {
        workers[i].s = &s;
        workers[i].id = i;
        workers[i].calls = calls / nthreads + (i < calls % nthreads);
        pthread_create(&tids[i], NULL, run, &workers[i]);
    }
    /* Sample RSS while the threads run: after the warm-up, and the peak. */
    for (;;) {
        long long done = atomic_load(&s.done);
        long r = rss_kib();
        if (r > rss_peak)
            rss_peak = r;
        if (rss_warm < 0 && done >= calls / 10) {
            rss_warm = r;
            t_warm = now_s();
        }
        if (done >= calls)
            break;
        usleep(20000);
    }
    for (i = 0; i < nthreads; i++)
        pthread_join(tids[i], NULL);
    t_end = now_s();
    rss_end = rss_kib();
    if (rss_end > rss_peak)
        rss_peak = rss_end;
    if (rss_warm < 0) {
        rss_warm = rss_end;
        t_warm = t_end;
    }

    printf("soak: %lld calls from %d threads in %.1f s (%.0f calls/s): %lld check_point, %lld "
           "check_address, %lld suggest, %lld normalize; %lld unexpected statuses\n",
           calls, nthreads, t_end - t0, (double)calls / (t_end - t0),
           (long long)atomic_load(&s.per_kind[0]), (long long)atomic_load(&s.per_kind[1]),
           (long long)atomic_load(&s.per_kind[2]), (long long)atomic_load(&s.per_kind[3]),
           (long long)atomic_load(&s.errors));
    printf("soak: RSS after open %ld KiB, after warm-up (10%% of calls, %.1f s) %ld KiB, at the end "
           "%ld KiB, peak %ld KiB; growth after warm-up %+ld KiB (bound %.0f MiB)\n",
           rss_open, t_warm - t0, rss_warm, rss_end, rss_peak, rss_end - rss_warm, max_growth_mib);
    if (atomic_load(&s.errors) != 0) {
        fprintf(stderr, "soak: %lld calls gave an unexpected status\n", (long long)atomic_load(&s.errors));
        failed = 1;
    }
    if (SANITIZED)
        printf("soak: built with a sanitizer: the RSS bound is not enforced\n");
    else if ((double)(rss_end - rss_warm) > max_growth_mib * 1024) {
        fprintf(stderr, "soak: RSS grew by %ld KiB after the warm-up, more than %.0f MiB\n",
                rss_end - rss_warm, max_growth_mib);
        failed = 1;
    }
    printf("%d passed, %d failed\n", failed ? 0 : 1, failed);
    for (i = 0; i < s.ntexts; i++)
        free(s.texts[i]);
    free(s.texts);
    domcov_store_info_free(info);
    domcov_close(db);
    return failed;
}
