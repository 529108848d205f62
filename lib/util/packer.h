/*
 * Packs a result struct and the strings it points to into one allocation,
 * so every result has exactly one free and outlives the handle.
 * Use: run the fill function once with a measuring packer (DC_PACKER_INIT),
 * call dc_packer_alloc(), run the same fill function again: it now writes.
 */
#ifndef DC_PACKER_H
#define DC_PACKER_H

#include <stddef.h>

typedef struct dc_packer {
    char *base;   /* NULL while measuring */
    size_t used;
} dc_packer;

#define DC_PACKER_INIT {NULL, 0}

/* Reserves n bytes aligned for any type; returns NULL while measuring. */
void *dc_pack_bytes(dc_packer *p, size_t n);
/* Copies a string (NULL stays NULL); returns NULL while measuring. */
const char *dc_pack_str(dc_packer *p, const char *s);
/* Copies n bytes of s and a NUL (s NULL stays NULL): dc_pack_str for a caller that knows
 * the length, so that measuring and writing do not both scan the string. */
const char *dc_pack_strn(dc_packer *p, const char *s, size_t n);
/* Ends measuring: allocates what was measured (the caller frees p->base). 0 ok, -1 no memory. */
int dc_packer_alloc(dc_packer *p);

#endif
