/* String pool: see strpool.h. */
#include "strpool.h"

#include "huge_alloc.h"

#include <stdlib.h>
#include <string.h>

int dc_strpool_init(dc_strpool *p)
{
    p->cap = 4096;
    p->data = malloc(p->cap);
    if (p->data == NULL)
        return -1;
    p->data[0] = '\0';
    p->len = 1;
    return 0;
}

uint32_t dc_strpool_add(dc_strpool *p, const char *s)
{
    size_t n = strlen(s) + 1;
    size_t off = p->len;

    if (n == 1)
        return DC_STRPOOL_EMPTY;
    if (p->len + n > UINT32_MAX)
        return UINT32_MAX;
    if (p->len + n > p->cap) {
        size_t cap = p->cap * 2;
        char *d;
        while (cap < p->len + n)
            cap *= 2;
        if ((d = realloc(p->data, cap)) == NULL)
            return UINT32_MAX;
        p->data = d;
        p->cap = cap;
    }
    memcpy(p->data + off, s, n);
    p->len += n;
    return (uint32_t)off;
}

void dc_strpool_shrink(dc_strpool *p)
{
    /* The final copy goes on huge pages when it is large: matching reads it at random. */
    char *d = dc_huge_alloc(p->len);

    if (d == NULL)
        return;
    memcpy(d, p->data, p->len);
    free(p->data);
    p->data = d;
    p->cap = p->len;
}

void dc_strpool_free(dc_strpool *p)
{
    if (p == NULL)
        return;
    free(p->data);
    p->data = NULL;
    p->len = p->cap = 0;
}
