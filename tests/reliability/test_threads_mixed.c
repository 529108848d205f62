/*
 * One handle, many threads, every kind of query at once: each thread runs the
 * same list of domcov_check_point, domcov_check_address, domcov_suggest and
 * domcov_normalize calls (and some that fail: bad coordinates, invalid UTF-8,
 * over-long text) in its own order, and every answer -- result or status and
 * message -- must equal the single-threaded one.  Built under TSan by
 * tools/reliability.sh to prove the thread-safety contract of domcov.h.
 *
 * Usage: test_threads_mixed STORE ADDRESSES.tsv [THREADS] [ROUNDS]
 * ADDRESSES.tsv: the first column of each non-comment line is an address
 * (tests/cases/match.tsv).  Prints "N passed, N failed".
 */
#include "domcov.h"
#include "xorshift.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_POINT, K_ADDRESS, K_SUGGEST, K_NORMALIZE, K_COUNT };
static const char *const kind_names[K_COUNT] = {"check_point", "check_address", "suggest", "normalize"};

typedef struct item {
    int kind;
    double lat, lon;
    char *text;
    int limit;
    char *expected;
} item;

typedef struct shared {
    const domcov_db *db;
    item *items;
    int nitems, rounds;
    int mismatches, calls[K_COUNT];
    pthread_mutex_t lock;
} shared;

typedef struct worker {
    shared *s;
    int id;
} worker;

typedef struct sig {
    char *buf;
    size_t len, cap;
} sig;

static void add(sig *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(sig *g, const char *fmt, ...)
{
    va_list ap;
    int n;

    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(g->buf + g->len, g->cap - g->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < g->cap - g->len) {
            g->len += (size_t)n;
            return;
        }
        g->cap = g->cap * 2 + (size_t)n + 64;
        g->buf = realloc(g->buf, g->cap);
        if (g->buf == NULL)
            abort();
    }
}

static const char *s_or(const char *s)
{
    return s ? s : "-";
}

static void sig_point(sig *g, const domcov_point_result *r)
{
    int s, i;

    add(g, "pt %.9f %.9f;", r->lat, r->lon);
    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
        const domcov_service_result *sr = &r->services[s];
        add(g, "%d/%d/%d/%s/%s/%.6f/%s;", sr->service, sr->available, sr->status,
            s_or(sr->technology), s_or(sr->zone_id), sr->distance_m, s_or(sr->nearest_zone_id));
    }
    add(g, "city %d/%s/%s/%s/%s/%s/%s/%.3f;", r->city.match, s_or(r->city.code), s_or(r->city.name),
        s_or(r->city.type), s_or(r->city.region), s_or(r->city.support_phone),
        s_or(r->city.sales_phone), r->city.distance_m);
    for (i = 0; i < r->zone_count; i++)
        add(g, "%s/%d/%d/%s/%s,", r->zones[i].zone_id, r->zones[i].service, r->zones[i].status,
            s_or(r->zones[i].technology), s_or(r->zones[i].name));
}

static void sig_parts(sig *g, const domcov_address *a)
{
    const char *parts[] = {a->canonical, a->postcode, a->country, a->region, a->region_type,
                           a->district, a->district_type, a->city, a->city_type, a->street,
                           a->street_type, a->house, a->letter, a->korpus, a->stroenie, a->flat,
                           a->flat_type};
    size_t i;

    for (i = 0; i < sizeof parts / sizeof parts[0]; i++)
        add(g, "%s|", s_or(parts[i]));
    add(g, "flags %d;", a->flags);
}

static void sig_address(sig *g, const domcov_address_result *r)
{
    int i;

    add(g, "addr %d/%d/%d/%d/%s/%s/%s/%d/%.9f/%.9f;", r->status, r->match_level, r->qc_house,
        r->street_fuzzy, s_or(r->address), s_or(r->house_id), s_or(r->city_code), r->has_point,
        r->has_point ? r->lat : 0, r->has_point ? r->lon : 0);
    if (r->coverage)
        sig_point(g, r->coverage);
    if (r->parsed)
        sig_parts(g, r->parsed);
    for (i = 0; i < r->candidate_count; i++) {
        const domcov_candidate *c = &r->candidates[i];
        add(g, "cand %d/%.9f/%s/%s/%s/%d;", c->match_level, c->score, s_or(c->house_id),
            s_or(c->address), s_or(c->city_code), c->has_point);
    }
    add(g, "city %d/%s/%s;", r->city.match, s_or(r->city.code), s_or(r->city.sales_phone));
}

/* Runs one call and describes everything a caller could see of its answer. */
static char *run_item(const domcov_db *db, const item *it)
{
    sig g = {NULL, 0, 0};
    int status = DOMCOV_OK;

    g.cap = 256;
    if ((g.buf = malloc(g.cap)) == NULL)
        abort();
    g.buf[0] = '\0';
    switch (it->kind) {
    case K_POINT: {
        domcov_point_result *r = NULL;
        status = domcov_check_point(db, it->lat, it->lon, &r);
        if (status == DOMCOV_OK)
            sig_point(&g, r);
        domcov_point_result_free(r);
        break;
    }
    case K_ADDRESS: {
        domcov_address_result *r = NULL;
        status = domcov_check_address(db, it->text, NULL, &r);
        if (status == DOMCOV_OK)
            sig_address(&g, r);
        domcov_address_result_free(r);
        break;
    }
    case K_SUGGEST: {
        domcov_suggestions *r = NULL;
        int i;
        status = domcov_suggest(db, it->text, NULL, it->limit, &r);
        if (status == DOMCOV_OK) {
            add(&g, "n %d;", r->count);
            for (i = 0; i < r->count; i++)
                add(&g, "%s/%s/%s/%s/%d;", s_or(r->items[i].text), s_or(r->items[i].value),
                    s_or(r->items[i].city_code), s_or(r->items[i].house_id), r->items[i].is_house);
        }
        domcov_suggestions_free(r);
        break;
    }
    default: {
        domcov_address *a = NULL;
        status = domcov_normalize(it->text, &a);
        if (status == DOMCOV_OK)
            sig_parts(&g, a);
        domcov_address_free(a);
        break;
    }
    }
    if (status != DOMCOV_OK)
        add(&g, "status %s: %s", domcov_status_name(status),
            domcov_errmsg(it->kind == K_NORMALIZE ? NULL : db));
    return g.buf;
}

static void *run(void *arg)
{
    worker *w = arg;
    shared *s = w->s;
    int k, round, bad = 0, calls[K_COUNT] = {0};

    for (round = 0; round < s->rounds; round++)
        for (k = 0; k < s->nitems; k++) {
            /* Threads walk the items with different strides, so different kinds overlap. */
            int i = (int)(((long long)k * (2 * w->id + 1) + w->id * 7919LL + round * 31LL) % s->nitems);
            char *got = run_item(s->db, &s->items[i]);
            calls[s->items[i].kind]++;
            if (strcmp(got, s->items[i].expected) != 0) {
                if (bad < 3)
                    fprintf(stderr, "thread %d: %s(%s) differs:\n  got  %.300s\n  want %.300s\n",
                            w->id, kind_names[s->items[i].kind],
                            s->items[i].text ? s->items[i].text : "point", got,
                            s->items[i].expected);
                bad++;
            }
            free(got);
        }
    pthread_mutex_lock(&s->lock);
    s->mismatches += bad;
    for (k = 0; k < K_COUNT; k++)
        s->calls[k] += calls[k];
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

static void push(item **items, int *n, int *cap, item it)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        *items = realloc(*items, sizeof **items * (size_t)*cap);
        if (*items == NULL)
            abort();
    }
    (*items)[(*n)++] = it;
}

static item text_item(int kind, const char *text, int limit)
{
    item it;

    memset(&it, 0, sizeof it);
    it.kind = kind;
    it.text = strdup(text);
    it.limit = limit;
    return it;
}

int main(int argc, char **argv)
{
    shared s;
    domcov_db *db = NULL;
    domcov_store_info *info = NULL;
    pthread_t tids[64];
    worker workers[64];
    int nthreads = argc > 3 ? atoi(argv[3]) : 16, cap = 0, i, failed;
    unsigned long long x = 88172645463325252ULL;
    FILE *f;
    char line[8192];
    char *huge;

    if (argc < 3 || nthreads < 1 || nthreads > 64) {
        fprintf(stderr, "usage: %s STORE ADDRESSES.tsv [THREADS<=64] [ROUNDS]\n", argv[0]);
        return 2;
    }
    if (domcov_open(argv[1], 0, &db) != DOMCOV_OK || domcov_store_info_get(db, &info) != DOMCOV_OK) {
        fprintf(stderr, "cannot open %s: %s\n", argv[1], domcov_errmsg(NULL));
        return 1;
    }
    memset(&s, 0, sizeof s);
    s.db = db;
    s.rounds = argc > 4 ? atoi(argv[4]) : 2;
    pthread_mutex_init(&s.lock, NULL);

    /* Addresses: each as a check, a normalization and a few suggest prefixes. */
    if ((f = fopen(argv[2], "r")) == NULL) {
        perror(argv[2]);
        return 1;
    }
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\t\r\n"), cut;
        if (line[0] == '#' || n == 0)
            continue;
        line[n] = '\0';
        push(&s.items, &s.nitems, &cap, text_item(K_ADDRESS, line, 0));
        push(&s.items, &s.nitems, &cap, text_item(K_NORMALIZE, line, 0));
        for (cut = n / 3; cut <= n; cut += n / 3 + 1) {
            char save;
            while (cut < n && ((unsigned char)line[cut] & 0xC0) == 0x80)
                cut++; /* whole characters only */
            save = line[cut];
            line[cut] = '\0';
            push(&s.items, &s.nitems, &cap, text_item(K_SUGGEST, line, 1 + (int)(cut % 10)));
            line[cut] = save;
        }
    }
    fclose(f);
    /* Points over the zones' bounding box, padded by 20%, and some outside any city. */
    for (i = 0; i < 400; i++) {
        item it;
        double u = xorshift64_unit(&x), v = xorshift64_unit(&x);
        memset(&it, 0, sizeof it);
        it.kind = K_POINT;
        if (i % 10 == 9) {
            it.lat = u * 180 - 90;
            it.lon = v * 360 - 180;
        } else {
            it.lat = padded_coord(info->min_lat, info->max_lat, u);
            it.lon = padded_coord(info->min_lon, info->max_lon, v);
        }
        push(&s.items, &s.nitems, &cap, it);
    }
    /* Failing calls: their status and per-thread message must not leak between threads. */
    {
        static const double bad[][2] = {{91, 0}, {0, -181}, {NAN, 0}, {0, INFINITY}, {-INFINITY, 1}};
        for (i = 0; i < 5; i++) {
            item it;
            memset(&it, 0, sizeof it);
            it.kind = K_POINT;
            it.lat = bad[i][0];
            it.lon = bad[i][1];
            push(&s.items, &s.nitems, &cap, it);
        }
    }
    for (i = 0; i < K_COUNT; i++) {
        if (i == K_POINT)
            continue;
        push(&s.items, &s.nitems, &cap, text_item(i, "Пермь, \xff\xfe Ленина", 5));
        push(&s.items, &s.nitems, &cap, text_item(i, "", 5));
        push(&s.items, &s.nitems, &cap, text_item(i, "!!! ,,, ---", 5));
        push(&s.items, &s.nitems, &cap, text_item(i, "'; DROP TABLE houses; --", 5));
        push(&s.items, &s.nitems, &cap, text_item(i, "Perm, ulitsa Lenina 50", 5));
    }
    huge = malloc(DOMCOV_ADDRESS_MAX_BYTES + 2);
    memset(huge, 'a', DOMCOV_ADDRESS_MAX_BYTES + 1);
    huge[DOMCOV_ADDRESS_MAX_BYTES + 1] = '\0';
    for (i = 1; i < K_COUNT; i++)
        push(&s.items, &s.nitems, &cap, text_item(i, huge, 5));
    free(huge);

    for (i = 0; i < s.nitems; i++)
        s.items[i].expected = run_item(db, &s.items[i]);
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
    printf("%d threads x %d rounds x %d calls on one handle: %d check_point, %d check_address, "
           "%d suggest, %d normalize\n", nthreads, s.rounds, s.nitems, s.calls[K_POINT],
           s.calls[K_ADDRESS], s.calls[K_SUGGEST], s.calls[K_NORMALIZE]);
    printf("%d passed, %d failed\n", failed ? 0 : 1, failed);
    for (i = 0; i < s.nitems; i++) {
        free(s.items[i].text);
        free(s.items[i].expected);
    }
    free(s.items);
    pthread_mutex_destroy(&s.lock);
    domcov_store_info_free(info);
    domcov_close(db);
    return failed;
}
