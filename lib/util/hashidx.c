/* Open-addressing multimap of 64-bit hashes to item ids. */
#include "hashidx.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a followed by a final avalanche (splitmix64): fast on short keys, well spread. */
uint64_t dc_hash_bytes(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h ? h : 1;
}

uint64_t dc_hash_str(const char *s)
{
    return dc_hash_bytes(s, strlen(s));
}

uint64_t dc_hash_mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h ^= h >> 31;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 29;
    return h ? h : 1;
}

int dc_hashidx_build(dc_hashidx *idx, const uint64_t *hashes, uint32_t n)
{
    uint32_t cap = 16, i;

    memset(idx, 0, sizeof *idx);
    while (cap < 2 * (uint64_t)n + 1)
        cap *= 2;
    idx->hashes = calloc(cap, sizeof *idx->hashes);
    idx->heads = malloc(sizeof *idx->heads * cap);
    idx->next = malloc(sizeof *idx->next * (n ? n : 1));
    if (idx->hashes == NULL || idx->heads == NULL || idx->next == NULL) {
        dc_hashidx_free(idx);
        return -1;
    }
    idx->mask = cap - 1;
    idx->nitems = n;
    /* Insert in reverse so each chain lists items in ascending order. */
    for (i = n; i-- > 0;) {
        uint64_t h = hashes[i] ? hashes[i] : 1;
        uint32_t s = (uint32_t)h & idx->mask;

        while (idx->hashes[s] != 0 && idx->hashes[s] != h)
            s = (s + 1) & idx->mask;
        if (idx->hashes[s] == 0) {
            idx->hashes[s] = h;
            idx->next[i] = DC_HASHIDX_END;
        } else {
            idx->next[i] = idx->heads[s];
        }
        idx->heads[s] = i;
    }
    return 0;
}

void dc_hashidx_free(dc_hashidx *idx)
{
    if (idx == NULL)
        return;
    free(idx->hashes);
    free(idx->heads);
    free(idx->next);
    memset(idx, 0, sizeof *idx);
}

size_t dc_hashidx_bytes(const dc_hashidx *idx)
{
    return idx->hashes ? (size_t)(idx->mask + 1) * (sizeof *idx->hashes + sizeof *idx->heads) +
                             (size_t)idx->nitems * sizeof *idx->next
                       : 0;
}

uint32_t dc_hashidx_first(const dc_hashidx *idx, uint64_t hash)
{
    uint32_t s;

    if (idx->hashes == NULL)
        return DC_HASHIDX_END;
    hash = hash ? hash : 1;
    for (s = (uint32_t)hash & idx->mask; idx->hashes[s] != 0; s = (s + 1) & idx->mask)
        if (idx->hashes[s] == hash)
            return idx->heads[s];
    return DC_HASHIDX_END;
}

uint32_t dc_hashidx_next(const dc_hashidx *idx, uint32_t item)
{
    return idx->next[item];
}
