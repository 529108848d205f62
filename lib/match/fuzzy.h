/* Typo-tolerant search over street keys: codepoint trigrams and a bounded edit distance. */
#ifndef DC_FUZZY_H
#define DC_FUZZY_H

#include "hashidx.h"

#include <stddef.h>
#include <stdint.h>

typedef struct dc_trigram_index {
    dc_hashidx idx;       /* trigram hash -> entry in tri_* */
    uint64_t *tri_hash;   /* per distinct trigram */
    uint32_t *tri_start;  /* ntri+1 offsets into postings */
    uint32_t *postings;   /* item ids per trigram, ascending by (group, item) */
    int32_t *group;       /* per item, e.g. its street's city: one group is a contiguous slice */
    uint32_t ntri, nitems;
} dc_trigram_index;

/*
 * keys[i] is the UTF-8 key of item i, group[i] its group (>= 0; NULL: all
 * in group 0).  Keys are read only here: searches get them through key_of.
 * 0, or -1 when out of memory.
 */
int dc_trigram_build(dc_trigram_index *t, const char *const *keys, const int32_t *group, uint32_t n);
void dc_trigram_free(dc_trigram_index *t);
/* Bytes the index holds. */
size_t dc_trigram_bytes(const dc_trigram_index *t);

typedef struct dc_fuzzy_hit {
    uint32_t item;
    int distance;         /* optimal string alignment distance, in characters */
} dc_fuzzy_hit;

/* The key of an item, e.g. a street's key in the register's string pool. */
typedef const char *(*dc_trigram_key_fn)(uint32_t item, const void *ctx);

/*
 * Items of `group` (< 0: any group) whose key is within max_distance edits
 * (insert, delete, substitute, swap adjacent) of `key`, best first (then by
 * item).  Returns the number of hits written (at most max_hits), -1 on OOM.
 */
int dc_trigram_search(const dc_trigram_index *t, const char *key, int max_distance, int32_t group,
                      dc_trigram_key_fn key_of, const void *ctx, dc_fuzzy_hit *hits, int max_hits);

/* Edit distance (OSA) between two UTF-8 strings, or max+1 once it exceeds max. */
int dc_edit_distance(const char *a, const char *b, int max);

/* Typos allowed for a key of this many characters. */
int dc_fuzzy_budget(const char *key);

#endif
