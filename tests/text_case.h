/*
 * UTF-8 code points and the letter case of Latin and Russian letters, for the
 * tests and benchmarks that write addresses the way people type them
 * (tests/quality/quality_report.c, bench/bench_addresses.c).  Enough for
 * Russian names: А-Я, а-я, Ё, ё; code points above U+FFFF are not written.
 */
#ifndef DOMCOV_TEST_TEXT_CASE_H
#define DOMCOV_TEST_TEXT_CASE_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at *p and advances past it; 0 at the end. */
static inline uint32_t u8_next(const char **p)
{
    const unsigned char *s = (const unsigned char *)*p;
    uint32_t c = s[0];
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0, i;

    if (c == 0)
        return 0;
    if (extra)
        c &= 0x3Fu >> extra;
    for (i = 1; i <= extra && (s[i] & 0xC0) == 0x80; i++)
        c = c << 6 | (s[i] & 0x3Fu);
    *p += i;
    return c;
}

/* Writes c as UTF-8 at out (3 bytes at the most, no terminator); returns the bytes written. */
static inline size_t u8_put(char *out, uint32_t c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | c >> 12);
    out[1] = (char)(0x80 | (c >> 6 & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
}

static inline uint32_t cp_lower(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20;
    if (c == 0x401)
        return 0x451;
    return c;
}

static inline uint32_t cp_upper(uint32_t c)
{
    if (c >= 'a' && c <= 'z')
        return c - 32;
    if (c >= 0x430 && c <= 0x44F)
        return c - 0x20;
    if (c == 0x451)
        return 0x401;
    return c;
}

/* A Russian letter: А-я, Ё, ё. */
static inline int cp_is_cyr(uint32_t c)
{
    return (c >= 0x410 && c <= 0x44F) || c == 0x401 || c == 0x451;
}

/* A Latin or Russian letter. */
static inline int cp_is_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || cp_is_cyr(c);
}

#endif
