/*
 * Trigram prefilter + bounded edit distance.
 *
 * A key within d edits of the query shares at least (query trigrams - 4d)
 * trigrams with it (a substitution or insertion touches 3 of the query's
 * trigrams, an adjacent swap 4), so counting shared trigrams over the
 * postings of the query's trigrams finds every candidate without scanning
 * all streets.  Each trigram's postings are ordered by group (the street's
 * city) and then item, so a query with its city known reads only that
 * city's slice of each list (two binary searches) and merges the slices,
 * already ascending, without copying or sorting them.
 */
#include "fuzzy.h"

#include <stdlib.h>
#include <string.h>

#define MAX_CHARS 128
#define PAD 0x2   /* a codepoint that never occurs in keys: marks both ends */

/* Decodes UTF-8 (already validated upstream) into codepoints; returns the count. */
static int decode(const char *s, uint32_t *cp, int max)
{
    const unsigned char *p = (const unsigned char *)s;
    int n = 0;

    while (*p && n < max) {
        uint32_t c = *p;
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        int i;

        if (extra)
            c &= 0x3Fu >> extra;
        p++;
        for (i = 0; i < extra && (*p & 0xC0) == 0x80; i++, p++)
            c = c << 6 | (*p & 0x3Fu);
        cp[n++] = c;
    }
    return n;
}

/* Trigram hashes of a key, padded like pg_trgm ("  key "); returns the count. */
static int trigrams_of(const char *key, uint64_t *out)
{
    uint32_t cp[MAX_CHARS + 3];
    int n = decode(key, cp + 2, MAX_CHARS), i;

    cp[0] = cp[1] = PAD;
    cp[n + 2] = PAD;
    for (i = 0; i < n + 1; i++) {
        uint64_t v = (uint64_t)cp[i] << 42 ^ (uint64_t)cp[i + 1] << 21 ^ cp[i + 2];
        out[i] = dc_hash_mix(0x7269677261ULL, v);
    }
    return n + 1;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

typedef struct pair {
    uint64_t tri;
    int32_t group;
    uint32_t item;
} pair;

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->tri != y->tri)
        return x->tri < y->tri ? -1 : 1;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

int dc_trigram_build(dc_trigram_index *t, const char *const *keys, const int32_t *group, uint32_t n)
{
    pair *pairs = NULL;
    size_t npairs = 0, cap = (size_t)n * 12 + 16, i;
    uint64_t tri[MAX_CHARS + 2];
    uint32_t k;
    int rc = -1;

    memset(t, 0, sizeof *t);
    pairs = malloc(sizeof *pairs * cap);
    t->group = malloc(sizeof *t->group * ((size_t)n + 1));
    if (pairs == NULL || t->group == NULL)
        goto cleanup;
    t->nitems = n;
    for (k = 0; k < n; k++) {
        int m = trigrams_of(keys[k], tri), j;
        t->group[k] = group ? group[k] : 0;
        qsort(tri, (size_t)m, sizeof *tri, cmp_u64);
        for (j = 0; j < m; j++) {
            if (j > 0 && tri[j] == tri[j - 1])
                continue;  /* a key lists each trigram once */
            if (npairs == cap) {
                pair *bigger = realloc(pairs, sizeof *pairs * (cap *= 2));
                if (bigger == NULL)
                    goto cleanup;
                pairs = bigger;
            }
            pairs[npairs].tri = tri[j];
            pairs[npairs].group = t->group[k];
            pairs[npairs++].item = k;
        }
    }
    qsort(pairs, npairs, sizeof *pairs, cmp_pair);
    for (i = 0; i < npairs; i++)
        t->ntri += i == 0 || pairs[i].tri != pairs[i - 1].tri;
    t->tri_hash = malloc(sizeof *t->tri_hash * (t->ntri + 1));
    t->tri_start = malloc(sizeof *t->tri_start * (t->ntri + 1));
    t->postings = malloc(sizeof *t->postings * (npairs + 1));
    if (t->tri_hash == NULL || t->tri_start == NULL || t->postings == NULL)
        goto cleanup;
    t->ntri = 0;
    for (i = 0; i < npairs; i++) {
        if (i == 0 || pairs[i].tri != pairs[i - 1].tri) {
            t->tri_hash[t->ntri] = pairs[i].tri;
            t->tri_start[t->ntri++] = (uint32_t)i;
        }
        t->postings[i] = pairs[i].item;
    }
    t->tri_start[t->ntri] = (uint32_t)npairs;
    if (dc_hashidx_build(&t->idx, t->tri_hash, t->ntri) != 0)
        goto cleanup;
    rc = 0;
cleanup:
    free(pairs);
    if (rc != 0)
        dc_trigram_free(t);
    return rc;
}

void dc_trigram_free(dc_trigram_index *t)
{
    if (t == NULL)
        return;
    dc_hashidx_free(&t->idx);
    free(t->tri_hash);
    free(t->tri_start);
    free(t->postings);
    free(t->group);
    memset(t, 0, sizeof *t);
}

size_t dc_trigram_bytes(const dc_trigram_index *t)
{
    return dc_hashidx_bytes(&t->idx) + (size_t)t->ntri * (sizeof *t->tri_hash + sizeof *t->tri_start) +
           (t->tri_start ? (size_t)t->tri_start[t->ntri] * sizeof *t->postings : 0) +
           (t->group ? (size_t)t->nitems * sizeof *t->group : 0);
}

int dc_edit_distance(const char *a, const char *b, int max)
{
    uint32_t ca[MAX_CHARS], cb[MAX_CHARS];
    int la = decode(a, ca, MAX_CHARS), lb = decode(b, cb, MAX_CHARS);
    int rows[3][MAX_CHARS + 1];
    int i, j;

    if (la - lb > max || lb - la > max)
        return max + 1;
    for (j = 0; j <= lb; j++)
        rows[0][j] = j;
    for (i = 1; i <= la; i++) {
        int *cur = rows[i % 3], *prev = rows[(i - 1) % 3], *prev2 = rows[(i + 1) % 3];
        int best = cur[0] = i;
        for (j = 1; j <= lb; j++) {
            int cost = ca[i - 1] != cb[j - 1];
            int v = prev[j - 1] + cost;
            if (prev[j] + 1 < v) v = prev[j] + 1;
            if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
            /* Optimal string alignment: an adjacent swap is one edit. */
            if (i > 1 && j > 1 && ca[i - 1] == cb[j - 2] && ca[i - 2] == cb[j - 1] &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
            if (v < best)
                best = v;
        }
        if (best > max)
            return max + 1;
    }
    return rows[la % 3][lb] > max ? max + 1 : rows[la % 3][lb];
}

int dc_fuzzy_budget(const char *key)
{
    uint32_t cp[MAX_CHARS];
    int n = decode(key, cp, MAX_CHARS);

    /* One typo from 4 letters on, two from 9: short names tolerate little. */
    return n >= 9 ? 2 : n >= 4 ? 1 : 0;
}

static int cmp_hit(const void *a, const void *b)
{
    const dc_fuzzy_hit *x = a, *y = b;
    if (x->distance != y->distance)
        return x->distance - y->distance;
    return (x->item > y->item) - (x->item < y->item);
}

/* One query's postings: a slice of one trigram's list. */
typedef struct list {
    const uint32_t *p, *end;
} list;

typedef struct search {
    const char *key;
    int max_distance;
    int need;             /* shared trigrams a key within max_distance has at least */
    dc_trigram_key_fn key_of;
    const void *ctx;
    dc_fuzzy_hit *hits;
    int nhits, max_hits;
} search;

/*
 * An item found in `count` of the query's lists.  Items must come in
 * ascending order: which of equally distant hits survive a full hits array
 * depends on it, and answers must not depend on the index's layout.
 */
static void consider(search *s, uint32_t item, int count)
{
    int d = count < s->need ? s->max_distance + 1
                            : dc_edit_distance(s->key, s->key_of(item, s->ctx), s->max_distance);

    if (d <= s->max_distance && s->nhits < s->max_hits) {
        s->hits[s->nhits].item = item;
        s->hits[s->nhits++].distance = d;
    } else if (d <= s->max_distance && s->nhits > 0) {
        /* Keep the best max_hits: replace the worst if this one is better. */
        int w = 0, k;
        for (k = 1; k < s->nhits; k++)
            if (s->hits[k].distance > s->hits[w].distance)
                w = k;
        if (d < s->hits[w].distance) {
            s->hits[w].item = item;
            s->hits[w].distance = d;
        }
    }
}

/* First posting in [lo, hi) whose group is >= group (> group when `after`). */
static const uint32_t *group_bound(const dc_trigram_index *t, const uint32_t *lo, const uint32_t *hi,
                                   int32_t group, int after)
{
    while (lo < hi) {
        const uint32_t *mid = lo + (hi - lo) / 2;
        int32_t g = t->group[*mid];
        if (g < group || (after && g == group))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void sift_down(list *l, int n, int i)
{
    for (;;) {
        int c = 2 * i + 1, min = i;
        list tmp;
        if (c < n && *l[c].p < *l[min].p)
            min = c;
        if (c + 1 < n && *l[c + 1].p < *l[min].p)
            min = c + 1;
        if (min == i)
            break;
        tmp = l[i];
        l[i] = l[min];
        l[min] = tmp;
        i = min;
    }
}

/* Merges lists ascending by item (a min-heap on their heads), counting each item's lists. */
static void merge_lists(search *s, list *l, int n)
{
    int i;

    for (i = n / 2 - 1; i >= 0; i--)
        sift_down(l, n, i);
    while (n > 0) {
        uint32_t item = *l[0].p;
        int count = 0;
        /* A list holds an item once, so equal heads are distinct lists. */
        while (n > 0 && *l[0].p == item) {
            count++;
            if (++l[0].p == l[0].end)
                l[0] = l[--n];
            sift_down(l, n, 0);
        }
        consider(s, item, count);
    }
}

/* LSD radix sort of item ids below `limit`: a query without a city gathers tens of thousands. */
static void sort_items(uint32_t *a, uint32_t *tmp, size_t n, uint32_t limit)
{
    size_t count[1 << 11];
    uint32_t *src = a, *dst = tmp, *swap;
    int shift;

    for (shift = 0; shift == 0 || (shift < 32 && (limit - 1) >> shift != 0); shift += 11) {
        size_t i, sum = 0;
        memset(count, 0, sizeof count);
        for (i = 0; i < n; i++)
            count[src[i] >> shift & 0x7FF]++;
        for (i = 0; i < sizeof count / sizeof count[0]; i++) {
            size_t c = count[i];
            count[i] = sum;
            sum += c;
        }
        for (i = 0; i < n; i++)
            dst[count[src[i] >> shift & 0x7FF]++] = src[i];
        swap = src;
        src = dst;
        dst = swap;
    }
    if (src != a)
        memcpy(a, src, sizeof *a * n);
}

/* All groups: the lists are ascending by (group, item), not by item, so gather and sort. */
static int count_all(search *s, const list *l, int n, uint32_t nitems)
{
    size_t total = 0, i, run;
    uint32_t *cand = NULL;
    int j, rc = -1;

    for (j = 0; j < n; j++)
        total += (size_t)(l[j].end - l[j].p);
    cand = malloc(sizeof *cand * (2 * total + 1));
    if (cand == NULL)
        goto cleanup;
    total = 0;
    for (j = 0; j < n; j++) {
        memcpy(cand + total, l[j].p, sizeof *cand * (size_t)(l[j].end - l[j].p));
        total += (size_t)(l[j].end - l[j].p);
    }
    sort_items(cand, cand + total, total, nitems);
    for (i = 0; i < total; i += run) {
        for (run = 1; i + run < total && cand[i + run] == cand[i]; run++)
            ;
        consider(s, cand[i], (int)run);
    }
    rc = 0;
cleanup:
    free(cand);
    return rc;
}

int dc_trigram_search(const dc_trigram_index *t, const char *key, int max_distance, int32_t group,
                      dc_trigram_key_fn key_of, const void *ctx, dc_fuzzy_hit *hits, int max_hits)
{
    uint64_t tri[MAX_CHARS + 2];
    list lists[MAX_CHARS + 2];
    int m = trigrams_of(key, tri), j, nlists = 0, rc = 0;
    search s;

    s.key = key;
    s.max_distance = max_distance;
    s.need = m - 4 * max_distance;  /* a swap (one OSA edit) changes 4 trigrams */
    if (s.need < 1)
        s.need = 1;
    s.key_of = key_of;
    s.ctx = ctx;
    s.hits = hits;
    s.nhits = 0;
    s.max_hits = max_hits;
    qsort(tri, (size_t)m, sizeof *tri, cmp_u64);
    for (j = 0; j < m; j++) {
        uint32_t e;
        if (j > 0 && tri[j] == tri[j - 1])
            continue;
        for (e = dc_hashidx_first(&t->idx, tri[j]); e != DC_HASHIDX_END && t->tri_hash[e] != tri[j];
             e = dc_hashidx_next(&t->idx, e))
            ;
        if (e == DC_HASHIDX_END)
            continue;
        lists[nlists].p = t->postings + t->tri_start[e];
        lists[nlists].end = t->postings + t->tri_start[e + 1];
        if (group >= 0) {
            lists[nlists].p = group_bound(t, lists[nlists].p, lists[nlists].end, group, 0);
            lists[nlists].end = group_bound(t, lists[nlists].p, lists[nlists].end, group, 1);
        }
        nlists += lists[nlists].p < lists[nlists].end;
    }
    if (group >= 0)
        merge_lists(&s, lists, nlists);
    else
        rc = count_all(&s, lists, nlists, t->nitems);
    qsort(hits, (size_t)s.nhits, sizeof *hits, cmp_hit);
    return rc == 0 ? s.nhits : -1;
}
