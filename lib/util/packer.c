/* One-allocation results: see packer.h. */
#include "packer.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

void *dc_pack_bytes(dc_packer *p, size_t n)
{
    size_t align = alignof(max_align_t);
    size_t at = (p->used + align - 1) / align * align;

    p->used = at + n;
    return p->base ? p->base + at : NULL;
}

const char *dc_pack_strn(dc_packer *p, const char *s, size_t n)
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

const char *dc_pack_str(dc_packer *p, const char *s)
{
    return s != NULL ? dc_pack_strn(p, s, strlen(s)) : NULL;
}

int dc_packer_alloc(dc_packer *p)
{
    if ((p->base = malloc(p->used ? p->used : 1)) == NULL)
        return -1;
    p->used = 0;
    return 0;
}
