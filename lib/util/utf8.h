/* UTF-8 validation. */
#ifndef DC_UTF8_H
#define DC_UTF8_H

#include <stddef.h>

/* Byte offset of the start of the first invalid UTF-8 sequence in s[0..n), or
 * -1 when all of it is valid.  Overlong forms, UTF-16 surrogates (U+D800..
 * U+DFFF), code points above U+10FFFF and sequences cut short (by a non-
 * continuation byte or by the end of the input) are invalid.  NUL bytes are
 * valid UTF-8; callers that must refuse them check separately. */
long dc_utf8_invalid_offset(const char *s, size_t n);

/* Length of the valid UTF-8 sequence at s[0..n) (n >= 1), 0 when it is invalid
 * (in the sense above): for a caller that walks the text sequence by sequence. */
size_t dc_utf8_seq_len(const char *s, size_t n);

#endif
