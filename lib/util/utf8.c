/* UTF-8 validation (RFC 3629, Unicode table 3-7 of well-formed sequences). */
#include "utf8.h"

#include <stdint.h>
#include <string.h>

#define DC_HIGH_BITS UINT64_C(0x8080808080808080)

long dc_utf8_invalid_offset(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    long bad = -1;

    while (i < n) {
        unsigned char c = p[i];
        unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */
        size_t len, k;

        if (c < 0x80) {
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
        if (c >= 0xC2 && c <= 0xDF) {
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
        } else {
            bad = (long)i; /* continuation byte, C0/C1 overlong lead, F5..FF */
            break;
        }
        if (n - i < len || p[i + 1] < lo || p[i + 1] > hi) {
            bad = (long)i;
            break;
        }
        for (k = 2; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                break;
        }
        if (k < len) {
            bad = (long)i;
            break;
        }
        i += len;
    }
    return bad;
}
