/* Copies parsed parts into one domcov_address allocation with its canonical string. */
#ifndef DC_NORMALIZE_ADDRESS_BUILD_H
#define DC_NORMALIZE_ADDRESS_BUILD_H

#include "domcov.h"
#include "normalize/parts.h"

/*
 * Writes the canonical form of parts into out (NULL to only measure) and
 * returns its length, without the NUL.  See docs/normalize.md:
 *   620014, россия, свердловская обл, исилькульский р-н, г екатеринбург,
 *   ул малышева, д 5а к 2 стр 1, кв 12
 */
size_t dc_canonical_write(const dc_parts *p, char *out);

/*
 * One block holds the struct and every string: buf when the block fits in its
 * cap bytes (buf aligned for domcov_address; NULL, 0 for none), else an
 * allocation (freed by domcov_address_free).  *size is the bytes of it they
 * use (an allocation may be a little larger).  no_canonical: canonical NULL,
 * not written (a caller that never shows it).
 */
int dc_address_build(const dc_parts *p, void *buf, size_t cap, int no_canonical, domcov_address **out,
                     size_t *size);

/* Copies a dc_address_build block of `size` bytes to dst (aligned for the struct); returns dst. */
domcov_address *dc_address_copy(const domcov_address *a, size_t size, void *dst);

#endif
