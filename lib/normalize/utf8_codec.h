/* UTF-8 decoding and encoding of already validated text (validation: util/utf8.h). */
#ifndef DC_NORMALIZE_UTF8_CODEC_H
#define DC_NORMALIZE_UTF8_CODEC_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point of *valid* UTF-8 at s; returns its length (1..4). */
size_t dc_utf8_decode(const char *s, uint32_t *cp);

/* Encodes cp (at most U+10FFFF) into out; returns the length (1..4). */
size_t dc_utf8_encode(uint32_t cp, char *out);

#endif
