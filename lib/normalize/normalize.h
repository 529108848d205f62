/* domcov_normalize for the library's own callers (internal). */
#ifndef DC_NORMALIZE_NORMALIZE_H
#define DC_NORMALIZE_NORMALIZE_H

#include "domcov.h"

#include <stddef.h>

/*
 * domcov_normalize that also tells the size of the result block, so a caller
 * packing it into its own result copies it whole (dc_address_copy).  The
 * result goes into buf (cap bytes, aligned for domcov_address) when it fits,
 * else into an allocation: free *out only when it is not buf.
 */
/* Flags of dc_normalize. */
#define DC_NORMALIZE_NO_CANONICAL 0x1u /* canonical NULL: for a caller that never shows it */

int dc_normalize(const char *text, void *buf, size_t cap, unsigned flags, domcov_address **out, size_t *size);

#endif
