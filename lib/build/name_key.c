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
        utf8proc_ssize_t used = utf8proc_iterate(p, n, &cp);
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t len;

        if (used <= 0)
            return -1;
        p += used;
        n -= used;
        cp = utf8proc_tolower(cp);
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
