/* Folds raw address text into the normalizer's working alphabet. */
#ifndef DC_NORMALIZE_FOLD_H
#define DC_NORMALIZE_FOLD_H

#include <stddef.h>

/*
 * Bytes the output of dc_fold_text may need for `len` input bytes: lower-casing
 * can grow a code point from 2 to 3 bytes, nothing grows more; and the last
 * characters are copied sixteen bytes at a time (fold.c), which may write up
 * to 16 bytes past the end.
 */
#define DC_FOLD_CAPACITY(len) (2 * (len) + 24)

/*
 * Writes `len` bytes of UTF-8 (NUL-terminated: in[len] is read) folded for
 * matching into out and
 * returns the length written (out is NUL-terminated, capacity
 * DC_FOLD_CAPACITY(len)):
 *  - every letter lower case; ё (and е + U+0308) becomes е, и + U+0306 becomes й,
 *    other combining marks (stress accents) are dropped;
 *  - all Unicode spaces, tabs and control characters become ' ', line breaks ',';
 *  - dashes and minus signs become '-'; double quotes, guillemets and „“ become
 *    '"'; apostrophe-like marks become '\'';
 *  - invisible characters (soft hyphen, zero-width, BOM) disappear;
 *  - fullwidth ASCII becomes ASCII; '№' becomes ' '.
 *
 * The text is validated on the way (one pass instead of two): *bad is the
 * offset dc_utf8_invalid_offset would give, and folding stops there; -1 when
 * the text is valid UTF-8.
 */
size_t dc_fold_text(const char *in, size_t len, char *out, long *bad);

#endif
