/*
 * A string-keyed hash table for the dictionaries: filled once while the
 * dictionaries are loaded, then only read (so any number of threads may look
 * up at the same time).  Keys are not copied: they must outlive the table.
 */
#ifndef DC_NORMALIZE_LOOKUP_TABLE_H
#define DC_NORMALIZE_LOOKUP_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct dc_lookup_slot {
    const char *key; /* NULL: empty slot */
    uint32_t len;
    uint32_t hash;
    void *value;
} dc_lookup_slot;

typedef struct dc_lookup {
    dc_lookup_slot *slots;
    size_t mask;  /* capacity - 1; capacity is a power of two */
    size_t count;
} dc_lookup;

/* Sizes the table for `expected` keys.  0 ok, -1 out of memory. */
int dc_lookup_init(dc_lookup *t, size_t expected);
void dc_lookup_free(dc_lookup *t);

/*
 * The value stored under key, or NULL.  With `insert` non-NULL and the key
 * absent, stores *insert and returns it (the table never grows: size it with
 * dc_lookup_init; returns NULL when full).
 */
void *dc_lookup_find(dc_lookup *t, const char *key, size_t len, void *insert);

/* The probing below is inline: the normalizer looks up every word of an
 * address, and the calls cost as much as a short probe. */

/* The key hash of the table, inline where the table probes. */
static inline uint32_t dc_lookup_hash_of(const char *key, size_t len)
{
    /* Multiply-xorshift mixes, eight bytes a step: keys are short words,
     * looked up some twenty times per address, and there is no adversary
     * (the keys are our own dictionaries). */
    const uint64_t k = 0xbf58476d1ce4e5b9ULL, k2 = 0x94d049bb133111ebULL;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, lo, hi;

    while (len > 16) {
        memcpy(&lo, key, 8);
        h = (h ^ lo) * k;
        h ^= h >> 29;
        key += 8;
        len -= 8;
    }
    /* The last 0..16 bytes (most words are all of them) as two words with
     * fixed-size loads, overlapping below 16 (a variable-length memcpy is a
     * call); three bytes below 4. */
    if (len >= 8) {
        memcpy(&lo, key, 8);
        memcpy(&hi, key + len - 8, 8);
    } else if (len >= 4) {
        uint32_t a, b;

        memcpy(&a, key, 4);
        memcpy(&b, key + len - 4, 4);
        lo = a;
        hi = b;
    } else {
        lo = len > 0 ? (uint64_t)(unsigned char)key[0] | (uint64_t)(unsigned char)key[len / 2] << 8 |
                           (uint64_t)(unsigned char)key[len - 1] << 16
                     : 0;
        hi = 0;
    }
    /* The two words mixed side by side, then together. */
    h = ((h ^ lo) * k) ^ (hi * k2);
    h ^= h >> 32;
    h *= k2;
    return (uint32_t)(h >> 32);
}

/*
 * memcmp(a, b, n) == 0 for the short keys of the tables, without a call:
 * eight bytes a step, the tail as an overlapping word (nothing read past n).
 */
static inline int dc_lookup_same_bytes(const char *a, const char *b, size_t n)
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

static inline dc_lookup_slot *dc_lookup_probe(const dc_lookup *t, const char *key, size_t len, uint32_t hash)
{
    size_t i = hash & t->mask;
    dc_lookup_slot *found = NULL;

    for (size_t n = 0; n <= t->mask; n++) {
        dc_lookup_slot *s = &t->slots[i];

        if (s->key == NULL || (s->hash == hash && s->len == len && dc_lookup_same_bytes(s->key, key, len))) {
            found = s;
            break;
        }
        i = (i + 1) & t->mask;
    }
    return found;
}

/* Read-only lookup. */
static inline void *dc_lookup_get(const dc_lookup *t, const char *key, size_t len)
{
    const dc_lookup_slot *s =
        (t->slots != NULL && len > 0) ? dc_lookup_probe(t, key, len, dc_lookup_hash_of(key, len)) : NULL;

    return (s != NULL && s->key != NULL) ? s->value : NULL;
}

#endif
