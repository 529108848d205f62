/* Open-addressing multimap of 64-bit hashes to item ids. */
#include "hashidx.h"

#include <stdlib.h>
#include <string.h>

/* The last 1..7 bytes of a key as one word, without a variable-length copy. */
static uint64_t tail_word(const unsigned char *p, size_t len)
{
    uint32_t lo, hi;

    if (len >= 4) {
        memcpy(&lo, p, 4);
        memcpy(&hi, p + len - 4, 4);
        return (uint64_t)lo << 32 | hi;
    }
    return (uint64_t)p[0] << 16 | (uint64_t)p[len >> 1] << 8 | p[len - 1];
}

/*
 * Eight bytes a step (street keys are 20-40 bytes of Cyrillic: a byte-wise
 * hash was a tenth of an address check), then a splitmix64 avalanche so
 * that low bits (slots) and high bits (tags) are both well spread.
 */
uint64_t dc_hash_bytes(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 0x6a09e667f3bcc909ULL ^ (len * 0x9e3779b97f4a7c15ULL), w;

    for (; len >= 8; p += 8, len -= 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    if (len > 0)
        h = (h ^ tail_word(p, len)) * 0xc4ceb9fe1a85ec53ULL;
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
    idx->slots = malloc(sizeof *idx->slots * cap);
    idx->next = malloc(sizeof *idx->next * (n ? n : 1));
    if (idx->slots == NULL || idx->next == NULL) {
        dc_hashidx_free(idx);
        return -1;
    }
    memset(idx->slots, 0xff, sizeof *idx->slots * cap);
    idx->mask = cap - 1;
    idx->nitems = n;
    /* Insert in reverse so each chain lists items in ascending order. */
    for (i = n; i-- > 0;) {
        uint32_t tag = (uint32_t)(hashes[i] >> 32), s = (uint32_t)hashes[i] & idx->mask;

        while (idx->slots[s].head != DC_HASHIDX_END && idx->slots[s].tag != tag)
            s = (s + 1) & idx->mask;
        idx->next[i] = idx->slots[s].head;  /* the chain so far, or the end */
        idx->slots[s].tag = tag;
        idx->slots[s].head = i;
    }
    return 0;
}

void dc_hashidx_free(dc_hashidx *idx)
{
    if (idx == NULL)
        return;
    free(idx->slots);
    free(idx->next);
    memset(idx, 0, sizeof *idx);
}

size_t dc_hashidx_bytes(const dc_hashidx *idx)
{
    return idx->slots ? (size_t)(idx->mask + 1) * sizeof *idx->slots + (size_t)idx->nitems * sizeof *idx->next
                      : 0;
}

uint32_t dc_hashidx_first(const dc_hashidx *idx, uint64_t hash)
{
    uint32_t tag = (uint32_t)(hash >> 32), s;

    if (idx->slots == NULL)
        return DC_HASHIDX_END;
    for (s = (uint32_t)hash & idx->mask; idx->slots[s].head != DC_HASHIDX_END; s = (s + 1) & idx->mask)
        if (idx->slots[s].tag == tag)
            return idx->slots[s].head;
    return DC_HASHIDX_END;
}

uint32_t dc_hashidx_next(const dc_hashidx *idx, uint32_t item)
{
    return idx->next[item];
}
