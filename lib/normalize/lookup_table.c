/* A string-keyed open-addressing hash table, filled once and then read-only. */
#include "normalize/lookup_table.h"

#include <stdlib.h>
#include <string.h>

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

void *dc_lookup_find(dc_lookup *t, const char *key, size_t len, void *insert)
{
    uint32_t hash = dc_lookup_hash_of(key, len);
    dc_lookup_slot *s = t->slots != NULL ? dc_lookup_probe(t, key, len, hash) : NULL;
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
