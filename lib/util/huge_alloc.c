/* Huge-page backed arrays: see huge_alloc.h. */
#include "huge_alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

void *dc_huge_alloc(size_t n)
{
    void *p = NULL;

    if (n < HUGE_PAGE)
        return malloc(n ? n : 1);
    /* Aligned, so that every whole 2 MiB of the array can be one page; the tail
     * stays on small pages, and nothing outside the array is made resident. */
    if (posix_memalign(&p, HUGE_PAGE, n) != 0)
        return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, n / HUGE_PAGE * HUGE_PAGE, MADV_HUGEPAGE); /* a hint: failure changes nothing */
#endif
    return p;
}

void *dc_huge_calloc(size_t n, size_t size)
{
    void *p;

    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    if ((p = dc_huge_alloc(n * size)) != NULL)
        memset(p, 0, n * size);
    return p;
}
