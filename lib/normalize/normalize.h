/* domcov_normalize for the library's own callers (internal). */
#ifndef DC_NORMALIZE_NORMALIZE_H
#define DC_NORMALIZE_NORMALIZE_H

#include "domcov.h"

#include <stddef.h>

/*
 * domcov_normalize that also tells the size of the result block, so a caller
 * packing it into its own result copies it whole (dc_address_copy).
 */
int dc_normalize(const char *text, domcov_address **out, size_t *size);

#endif
