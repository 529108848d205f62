/*
 * Packs a result struct and the strings it points to into one allocation,
 * so every result has exactly one free and outlives the handle.
 * Use: run the fill function once with a measuring packer (DC_PACKER_INIT),
 * call dc_packer_alloc(), run the same fill function again: it now writes.
 */
#ifndef DC_PACKER_H
#define DC_PACKER_H

#include <stdalign.h>
#include <stddef.h>
#include <string.h>

typedef struct dc_packer {
    char *base;   /* NULL while measuring */
    size_t used;
} dc_packer;

#define DC_PACKER_INIT {NULL, 0}

/* Inline, these two: a result packs a dozen pieces twice, and the measuring
 * pass is then a few additions. */

/* Reserves n bytes aligned for any type; returns NULL while measuring. */
static inline void *dc_pack_bytes(dc_packer *p, size_t n)
{
    size_t align = alignof(max_align_t);
    size_t at = (p->used + align - 1) / align * align;

    p->used = at + n;
    return p->base ? p->base + at : NULL;
}

/* Copies n bytes of s and a NUL (s NULL stays NULL): dc_pack_str for a caller that knows
 * the length, so that measuring and writing do not both scan the string. */
static inline const char *dc_pack_strn(dc_packer *p, const char *s, size_t n)
{
    char *dst;

    if (s == NULL)
        return NULL;
    dst = p->base ? p->base + p->used : NULL;
    p->used += n + 1;
    if (dst) {
        memcpy(dst, s, n);
        dst[n] = '\0';
    }
    return dst;
}

/* Copies a string (NULL stays NULL); returns NULL while measuring. */
const char *dc_pack_str(dc_packer *p, const char *s);
/* Ends measuring: allocates what was measured (the caller frees p->base). 0 ok, -1 no memory. */
int dc_packer_alloc(dc_packer *p);

#endif
