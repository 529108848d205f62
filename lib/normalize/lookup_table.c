/* A string-keyed open-addressing hash table, filled once and then read-only. */
#include "normalize/lookup_table.h"

#include <stdlib.h>
#include <string.h>

/* dc_lookup_hash, inline where the table probes. */
static inline uint32_t hash_of(const char *key, size_t len)
{
    /* Eight bytes a step with a multiply-xorshift mix: keys are short words,
     * looked up some twenty times per address, and there is no adversary
     * (the keys are our own dictionaries). */
    const uint64_t k = 0xbf58476d1ce4e5b9ULL;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;

    while (len >= 8) {
        memcpy(&w, key, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
        key += 8;
        len -= 8;
    }
    /* The last 0..7 bytes with fixed-size loads (a variable-length memcpy is a
     * call): two overlapping words from 4 bytes up, three bytes below. */
    if (len >= 4) {
        uint32_t lo, hi;

        memcpy(&lo, key, 4);
        memcpy(&hi, key + len - 4, 4);
        w = (uint64_t)lo | (uint64_t)hi << 32;
    } else if (len > 0) {
        w = (uint64_t)(unsigned char)key[0] | (uint64_t)(unsigned char)key[len / 2] << 8 |
            (uint64_t)(unsigned char)key[len - 1] << 16;
    } else {
        w = 0;
    }
    h = (h ^ w) * k;
    h ^= h >> 32;
    h *= 0x94d049bb133111ebULL;
    return (uint32_t)(h >> 32);
}

uint32_t dc_lookup_hash(const char *key, size_t len)
{
    return hash_of(key, len);
}

int dc_lookup_init(dc_lookup *t, size_t expected)
{
    size_t cap = 16;
    int rc = 0;

    /* At most half full keeps probe chains short. */
    while (cap < expected * 2 + 1)
        cap *= 2;
    t->slots = calloc(cap, sizeof *t->slots);
    t->mask = cap - 1;
    t->count = 0;
    if (t->slots == NULL)
        rc = -1;
    return rc;
}

void dc_lookup_free(dc_lookup *t)
{
    if (t != NULL) {
        free(t->slots);
        t->slots = NULL;
        t->mask = 0;
        t->count = 0;
    }
}

/*
 * memcmp(a, b, n) == 0 for the short keys of the tables, without a call:
 * eight bytes a step, the tail as an overlapping word (nothing read past n).
 */
static inline int same_bytes(const char *a, const char *b, size_t n)
{
    uint64_t x, y;
    uint32_t u, v;
    size_t i;

    if (n >= 8) {
        for (i = 0; i + 8 < n; i += 8) {
            memcpy(&x, a + i, 8);
            memcpy(&y, b + i, 8);
            if (x != y)
                return 0;
        }
        memcpy(&x, a + n - 8, 8);
        memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    if (n >= 4) {
        memcpy(&u, a, 4);
        memcpy(&v, b, 4);
        if (u != v)
            return 0;
        memcpy(&u, a + n - 4, 4);
        memcpy(&v, b + n - 4, 4);
        return u == v;
    }
    for (i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static inline dc_lookup_slot *probe(const dc_lookup *t, const char *key, size_t len, uint32_t hash)
{
    size_t i = hash & t->mask;
    dc_lookup_slot *found = NULL;

    for (size_t n = 0; n <= t->mask; n++) {
        dc_lookup_slot *s = &t->slots[i];

        if (s->key == NULL || (s->hash == hash && s->len == len && same_bytes(s->key, key, len))) {
            found = s;
            break;
        }
        i = (i + 1) & t->mask;
    }
    return found;
}

void *dc_lookup_find(dc_lookup *t, const char *key, size_t len, void *insert)
{
    uint32_t hash = hash_of(key, len);
    dc_lookup_slot *s = t->slots != NULL ? probe(t, key, len, hash) : NULL;
    void *value = NULL;

    if (s != NULL && s->key != NULL) {
        value = s->value;
    } else if (s != NULL && insert != NULL && (t->count + 1) * 2 <= t->mask + 1) {
        s->key = key;
        s->len = (uint32_t)len;
        s->hash = hash;
        s->value = insert;
        t->count++;
        value = insert;
    }
    return value;
}

void *dc_lookup_get(const dc_lookup *t, const char *key, size_t len)
{
    const dc_lookup_slot *s = (t->slots != NULL && len > 0) ? probe(t, key, len, hash_of(key, len)) : NULL;

    return (s != NULL && s->key != NULL) ? s->value : NULL;
}
