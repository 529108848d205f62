/* UTF-8 validation (RFC 3629, Unicode table 3-7 of well-formed sequences). */
#include "utf8.h"

#include <stdint.h>
#include <string.h>

#define DC_HIGH_BITS UINT64_C(0x8080808080808080)

size_t dc_utf8_seq_len(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c = p[0];
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */
    size_t len = 0, k;

    if (c < 0x80) {
        len = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* below is overlong */
        else if (c == 0xED)
            hi = 0x9F; /* above is a surrogate */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90; /* below is overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above is past U+10FFFF */
    }
    /* len 0 here: a continuation byte, a C0/C1 overlong lead or F5..FF. */
    if (len > 1 && (n < len || p[1] < lo || p[1] > hi))
        len = 0;
    for (k = 2; k < len; k++)
        if ((p[k] & 0xC0) != 0x80)
            len = 0;
    return len;
}

long dc_utf8_invalid_offset(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    long bad = -1;

    while (i < n) {
        size_t len;

        if (p[i] < 0x80) {
            /* Most input is ASCII: test 8 bytes per step.  memcpy keeps the
             * load legal for any alignment and compiles to one move. */
            while (n - i >= 8) {
                uint64_t w;
                memcpy(&w, p + i, 8);
                if (w & DC_HIGH_BITS)
                    break;
                i += 8;
            }
            while (i < n && p[i] < 0x80)
                i++;
            continue;
        }
        len = dc_utf8_seq_len(s + i, n - i);
        if (len == 0) {
            bad = (long)i;
            break;
        }
        i += len;
    }
    return bad;
}
