/* libFuzzer target for domcov_normalize.
 *
 * Feeds the bytes as one NUL-terminated string (an embedded NUL ends it, as
 * for any C caller) and checks, beyond the sanitizers: the status is OK or a
 * documented error with a message; every part of a result is valid UTF-8 with
 * no upper-case Cyrillic letter and no ё (the normalizer folds both); flags
 * hold only known bits; the canonical string is never NULL; the street key of
 * the street is valid UTF-8 too. */
#include "domcov.h"
#include "lib/normalize/street_key.h"
#include "lib/util/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts when s is not valid UTF-8 or holds А..Я, Ѐ..Џ or ё. */
static void check_text(const char *what, const char *s)
{
    size_t n = strlen(s);

    if (dc_utf8_invalid_offset(s, n) >= 0) {
        fprintf(stderr, "%s is not valid UTF-8: \"%s\"\n", what, s);
        abort();
    }
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned char a = (unsigned char)s[i], b = (unsigned char)s[i + 1];

        /* D0 80..D0 AF is U+0400..U+042F (upper case); D1 91 is ё. */
        if ((a == 0xD0 && b >= 0x80 && b <= 0xAF) || (a == 0xD1 && b == 0x91)) {
            fprintf(stderr, "%s keeps an upper-case Cyrillic letter or ё: \"%s\"\n", what, s);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    domcov_address *a = NULL;
    int status;

    if (text == NULL)
        abort(); /* libFuzzer's malloc limit is far above 4 KiB + 1 */
    memcpy(text, data, size);
    text[size] = '\0';
    status = domcov_normalize(text, &a);
    if (status == DOMCOV_OK) {
        const char *parts[] = {a->postcode, a->country, a->region, a->region_type,
                               a->district, a->district_type, a->city, a->city_type,
                               a->street, a->street_type, a->house, a->letter,
                               a->korpus, a->stroenie, a->flat, a->flat_type};

        if (a->canonical == NULL || (a->flags & ~(DOMCOV_ADDR_TRANSLITERATED | DOMCOV_ADDR_AMBIGUOUS)))
            abort();
        check_text("canonical", a->canonical);
        for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
            if (parts[i] == NULL)
                continue;
            if (parts[i][0] == '\0') {
                fprintf(stderr, "part %zu is empty instead of NULL\n", i);
                abort();
            }
            check_text("a part", parts[i]);
        }
        if (a->street != NULL) {
            char key[64];

            dc_street_key(a->street, key, sizeof key);
            check_text("street key", key);
        }
    } else if (status != DOMCOV_ERR_ARG && status != DOMCOV_ERR_TOO_LARGE) {
        fprintf(stderr, "unexpected status %s\n", domcov_status_name(status));
        abort();
    } else if (a != NULL || domcov_errmsg(NULL)[0] == '\0') {
        abort();
    }
    domcov_address_free(a);
    free(text);
    return 0;
}
