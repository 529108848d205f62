/*
 * Large read-only arrays on transparent huge pages.  A 1M-house register is
 * ~35 MB read at random by every address check; on 4 KiB pages nearly every
 * such read also misses the TLB, and the page walk is one more cache miss.
 * 2 MiB pages cut that (bench_addresses: ~5-10% at 1M houses).  Where the
 * kernel does not offer them (THP "never", other systems) this is malloc.
 */
#ifndef DC_HUGE_ALLOC_H
#define DC_HUGE_ALLOC_H

#include <stddef.h>

/* n bytes, uninitialised, starting on a huge page boundary when n is large
 * enough to fill one; NULL when out of memory.  Release with free(). */
void *dc_huge_alloc(size_t n);
/* dc_huge_alloc of n * size bytes, zeroed; NULL on overflow or out of memory. */
void *dc_huge_calloc(size_t n, size_t size);

#endif
