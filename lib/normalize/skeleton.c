/* dc_name_skeleton: the skeleton of dc_translit_skeleton without a dictionary context. */
#include "normalize/skeleton.h"

#include <string.h>

#include "normalize/dict.h"

/* Names longer than this are cut (a street name is some 40 bytes). */
#define MAX_NAME 1024

size_t dc_name_skeleton(const char *s, char *out, size_t cap)
{
    const dc_dicts *d = dc_dicts_get();
    char lower[MAX_NAME + 4];
    size_t len, n = 0;

    if (out == NULL || cap == 0)
        goto cleanup;
    out[0] = '\0';
    if (s == NULL || d == NULL)
        goto cleanup;
    len = strnlen(s, MAX_NAME);
    while (len > 0 && len == MAX_NAME && ((unsigned char)s[len] & 0xC0) == 0x80)
        len--; /* cut a longer name before a whole character */
    memset(lower + len, 0, 4); /* a cut or invalid sequence reads zeros, never past the buffer */
    /* Latin rules are written in lower case: fold ASCII capitals here. */
    for (size_t i = 0; i < len; i++)
        lower[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
    n = dc_translit_skeleton(&d->translit, lower, len, out, cap);
cleanup:
    return n;
}
