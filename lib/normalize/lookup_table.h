/*
 * A string-keyed hash table for the dictionaries: filled once while the
 * dictionaries are loaded, then only read (so any number of threads may look
 * up at the same time).  Keys are not copied: they must outlive the table.
 */
#ifndef DC_NORMALIZE_LOOKUP_TABLE_H
#define DC_NORMALIZE_LOOKUP_TABLE_H

#include <stddef.h>
#include <stdint.h>

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

/* Read-only lookup. */
void *dc_lookup_get(const dc_lookup *t, const char *key, size_t len);

uint32_t dc_lookup_hash(const char *key, size_t len);

#endif
