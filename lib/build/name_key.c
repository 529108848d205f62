/* Keys for stored names: casefolded with utf8proc, ё folded to е (й kept). */
#include "name_key.h"

#include <string.h>
#include <utf8proc.h>

int dc_name_key(const char *name, char *buf, size_t size)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)name;
    utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(name);
    size_t out = 0;
    int space = 0;

    while (n > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t used;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t len;

        /* ASCII and the Russian alphabet without utf8proc: nearly every
         * character of a key, and keys are made on every query. */
        if (p[0] < 0x80) {
            cp = p[0] >= 'A' && p[0] <= 'Z' ? p[0] + 32 : p[0];
            used = 1;
        } else if (n >= 2 && (p[0] == 0xD0 || p[0] == 0xD1) && (p[1] & 0xC0) == 0x80) {
            cp = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F);
            if (cp >= 0x0410 && cp <= 0x042F)
                cp += 0x20;
            else if (cp == 0x0401)
                cp = 0x0451;
            else if (cp < 0x0430 || cp > 0x0451)
                cp = utf8proc_tolower(cp);
            used = 2;
        } else {
            if ((used = utf8proc_iterate(p, n, &cp)) <= 0)
                return -1;
            cp = utf8proc_tolower(cp);
        }
        p += used;
        n -= used;
        if (cp == 0x0451) /* ё */
            cp = 0x0435;  /* е */
        if (cp == ' ' || cp == '\t' || cp == 0xA0) {
            space = out > 0;
            continue;
        }
        if (space) {
            if (out + 1 >= size)
                return -1;
            buf[out++] = ' ';
            space = 0;
        }
        len = utf8proc_encode_char(cp, enc);
        if (out + (size_t)len >= size)
            return -1;
        memcpy(buf + out, enc, (size_t)len);
        out += (size_t)len;
    }
    if (size == 0)
        return -1;
    buf[out] = '\0';
    return 0;
}
