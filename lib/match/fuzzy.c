/*
 * Trigram prefilter + bounded edit distance.
 *
 * A key within d edits of the query shares at least (query trigrams - 4d)
 * trigrams with it (a substitution or insertion touches 3 of the query's
 * trigrams, an adjacent swap 4), so counting shared trigrams over the
 * postings of the query's trigrams finds every candidate without scanning
 * all streets.
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

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

typedef struct pair {
    uint64_t tri;
    uint32_t item;
} pair;

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->tri != y->tri)
        return x->tri < y->tri ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

int dc_trigram_build(dc_trigram_index *t, const char *const *keys, uint32_t n)
{
    pair *pairs = NULL;
    size_t npairs = 0, cap = (size_t)n * 12 + 16, i;
    uint64_t tri[MAX_CHARS + 2];
    uint32_t k;
    int rc = -1;

    memset(t, 0, sizeof *t);
    pairs = malloc(sizeof *pairs * cap);
    if (pairs == NULL)
        goto cleanup;
    for (k = 0; k < n; k++) {
        int m = trigrams_of(keys[k], tri), j;
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
    memset(t, 0, sizeof *t);
}

size_t dc_trigram_bytes(const dc_trigram_index *t)
{
    size_t idx = t->idx.hashes ? (size_t)(t->idx.mask + 1) * (sizeof *t->idx.hashes + sizeof *t->idx.heads) +
                                     (size_t)t->idx.nitems * sizeof *t->idx.next
                               : 0;

    return idx + (size_t)t->ntri * (sizeof *t->tri_hash + sizeof *t->tri_start) +
           (t->tri_start ? (size_t)t->tri_start[t->ntri] * sizeof *t->postings : 0);
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

int dc_trigram_search(const dc_trigram_index *t, const char *key, const char *const *keys,
                      int max_distance, int (*accept)(uint32_t item, const void *ctx),
                      const void *ctx, dc_fuzzy_hit *hits, int max_hits)
{
    uint64_t tri[MAX_CHARS + 2];
    int m = trigrams_of(key, tri), j, nhits = 0, need;
    size_t total = 0, i, run;
    uint32_t *cand = NULL;

    qsort(tri, (size_t)m, sizeof *tri, cmp_u64);
    for (j = 0; j < m; j++) {
        uint32_t e;
        if (j > 0 && tri[j] == tri[j - 1])
            continue;
        e = dc_hashidx_first(&t->idx, tri[j]);
        if (e != DC_HASHIDX_END && t->tri_hash[e] == tri[j])
            total += t->tri_start[e + 1] - t->tri_start[e];
    }
    cand = malloc(sizeof *cand * (total + 1));
    if (cand == NULL)
        return -1;
    total = 0;
    for (j = 0; j < m; j++) {
        uint32_t e;
        if (j > 0 && tri[j] == tri[j - 1])
            continue;
        e = dc_hashidx_first(&t->idx, tri[j]);
        if (e != DC_HASHIDX_END && t->tri_hash[e] == tri[j]) {
            memcpy(cand + total, t->postings + t->tri_start[e],
                   sizeof *cand * (t->tri_start[e + 1] - t->tri_start[e]));
            total += t->tri_start[e + 1] - t->tri_start[e];
        }
    }
    qsort(cand, total, sizeof *cand, cmp_u32);
    need = m - 4 * max_distance;  /* a swap (one OSA edit) changes 4 trigrams */
    if (need < 1)
        need = 1;
    for (i = 0; i < total; i += run) {
        int d;
        for (run = 1; i + run < total && cand[i + run] == cand[i]; run++)
            ;
        if ((int)run < need || (accept && !accept(cand[i], ctx)))
            continue;
        d = dc_edit_distance(key, keys[cand[i]], max_distance);
        if (d > max_distance)
            continue;
        if (nhits < max_hits) {
            hits[nhits].item = cand[i];
            hits[nhits++].distance = d;
        } else {
            /* Keep the best max_hits: replace the worst if this one is better. */
            int w = 0, k;
            for (k = 1; k < nhits; k++)
                if (hits[k].distance > hits[w].distance)
                    w = k;
            if (d < hits[w].distance) {
                hits[w].item = cand[i];
                hits[w].distance = d;
            }
        }
    }
    free(cand);
    qsort(hits, (size_t)nhits, sizeof *hits, cmp_hit);
    return nhits;
}
