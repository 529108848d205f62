/* Recognizes and normalizes ordinal numbers of street names. */
#include "normalize/ordinal.h"

#include <string.h>

typedef struct suffix {
    const char *text;
    int kind;
} suffix;

/* UTF-8 Cyrillic: every suffix spelling seen in registers and chats. */
static const suffix suffixes[] = {
    {"я", DC_ORD_YA},   {"ая", DC_ORD_YA},  {"яя", DC_ORD_YA},  {"ья", DC_ORD_YA},
    {"тья", DC_ORD_YA}, {"й", DC_ORD_YI},   {"ый", DC_ORD_YI},  {"ой", DC_ORD_YI},
    {"ий", DC_ORD_YI},  {"е", DC_ORD_E},    {"ое", DC_ORD_E},   {"ее", DC_ORD_E},
    {"ье", DC_ORD_E},   {"тье", DC_ORD_E},
};

int dc_ordinal_suffix(const char *s, size_t len, int allow_e)
{
    int kind = DC_ORD_NONE;

    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        if (strlen(suffixes[i].text) == len && memcmp(suffixes[i].text, s, len) == 0) {
            kind = suffixes[i].kind;
            break;
        }
    }
    if (kind == DC_ORD_E && len == 2 && !allow_e)
        kind = DC_ORD_NONE;
    return kind;
}

int dc_ordinal_number(const char *s, size_t len, size_t *digits)
{
    size_t i = 0;
    int kind = DC_ORD_NONE, hyphen = 0;

    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++;
    *digits = i;
    if (i > 0 && i < len) {
        if (s[i] == '-') {
            hyphen = 1;
            i++;
        }
        kind = dc_ordinal_suffix(s + i, len - i, hyphen);
    }
    return kind;
}

const char *dc_ordinal_suffix_text(int kind)
{
    const char *t = "";

    if (kind == DC_ORD_YA)
        t = "я";
    else if (kind == DC_ORD_YI)
        t = "й";
    else if (kind == DC_ORD_E)
        t = "е";
    return t;
}

int dc_number_is_name_part(const char *s, size_t len)
{
    size_t i = 0, letters = 0;
    int part = 0;

    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i > 0 && i + 1 < len && s[i] == '-') {
        int digit_after = 0;

        /* Cyrillic letters are two bytes; count them up to the end. */
        for (size_t k = i + 1; k < len; k++) {
            unsigned char c = (unsigned char)s[k];

            if (c >= '0' && c <= '9')
                digit_after = 1;
            if (c == 0xD0 || c == 0xD1)
                letters++;
        }
        part = letters >= 2 && !digit_after;
    }
    return part;
}
