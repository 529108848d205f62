/*
 * Append-only string storage addressed by 32-bit offsets: one allocation for
 * millions of short strings (house numbers, ids) instead of one each.
 */
#ifndef DC_STRPOOL_H
#define DC_STRPOOL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct dc_strpool {
    char *data;
    size_t len, cap;
} dc_strpool;

/* Offset 0 is always the empty string. */
#define DC_STRPOOL_EMPTY 0u

int dc_strpool_init(dc_strpool *p);
/* Adds a copy of s; returns its offset, or UINT32_MAX when out of memory or the pool is full. */
uint32_t dc_strpool_add(dc_strpool *p, const char *s);
static inline const char *dc_strpool_get(const dc_strpool *p, uint32_t off)
{
    return p->data + off;
}
/* String equality with the first byte compared inline: most compares on the
 * match path are of parts that are empty or differ at once ("", "а", "2"),
 * and those need no call. */
static inline int dc_str_eq(const char *a, const char *b)
{
    return a[0] == b[0] && (a[0] == '\0' || strcmp(a + 1, b + 1) == 0);
}
/* Gives back unused capacity once loading is done (and moves a large pool to huge pages). */
void dc_strpool_shrink(dc_strpool *p);
void dc_strpool_free(dc_strpool *p);

#endif
