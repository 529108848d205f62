/* Matching keys: stored names go through the same normalizer as typed addresses. */
#include "keys.h"

#include "build/name_key.h"
#include "domcov.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* snprintf(out, size, "%s", s) without printf's cost: this is on every query's path. */
static void copy_str(char *out, size_t size, const char *s)
{
    size_t n = s ? strlen(s) : 0;

    if (size == 0)
        return;
    if (n >= size)
        n = size - 1;
    memcpy(out, s ? s : "", n);
    out[n] = '\0';
}

int dc_street_keys(const char *type, const char *name, char *key, char *loose, char *canon_type,
                   size_t size)
{
    char text[1024];
    domcov_address *a = NULL;
    int rc = -1;

    /* A house number after the name keeps numbers inside names ("8 Марта") in the street. */
    snprintf(text, sizeof text, "%s %s, д 1", type, name);
    if (domcov_normalize(text, &a) == DOMCOV_OK && a->street && *a->street) {
        copy_str(key, size, a->street);
        copy_str(canon_type, size, a->street_type ? a->street_type : type);
        rc = 0;
    } else if (dc_name_key(name, key, size) == 0) {
        copy_str(canon_type, size, type);
        rc = 0;
    }
    domcov_address_free(a);
    if (rc == 0)
        dc_loose_key(key, loose, size);
    return rc;
}

/* Ordinal endings after a number: "1-я", "2-й", "3-е", "1ая". */
static int is_ordinal_suffix(const char *s)
{
    static const char *const endings[] = {"я", "й", "е", "ая", "ий", "ый", "ой", "ое", "ья", "ья",
                                          "го", "ого", "ему"};
    size_t i;

    if (*s == '-')
        s++;
    for (i = 0; i < sizeof endings / sizeof endings[0]; i++)
        if (strcmp(s, endings[i]) == 0)
            return 1;
    return 0;
}

/* Number of bytes of the UTF-8 character at s. */
static size_t char_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

void dc_loose_key(const char *key, char *out, size_t size)
{
    char buf[512], *tok, *save = NULL;
    size_t len = 0, n;

    copy_str(buf, sizeof buf, key);
    if (size == 0)
        return;
    out[0] = '\0';
    for (tok = strtok_r(buf, " -.", &save); tok; tok = strtok_r(NULL, " -.", &save)) {
        const char *d = tok;
        if (strcmp(tok, "им") == 0 || strcmp(tok, "имени") == 0)
            continue;
        /* One letter alone is an initial ("н островского"). */
        if (!isdigit((unsigned char)tok[0]) && char_len(tok) == strlen(tok))
            continue;
        while (isdigit((unsigned char)*d))
            d++;
        if (d != tok && *d && is_ordinal_suffix(d))
            tok[d - tok] = '\0';
        n = strlen(tok);
        if (len + (len > 0) + n >= size) {
            out[len] = '\0';  /* the words that fit */
            return;
        }
        if (len > 0)
            out[len++] = ' ';
        memcpy(out + len, tok, n + 1);
        len += n;
    }
    if (out[0] == '\0')
        copy_str(out, size, key);  /* never an empty key */
}

void dc_house_part_key(const char *part, char *out, size_t size)
{
    /* Latin letters that look like Cyrillic ones, as typed in house letters ("5A", "5B"). */
    static const struct {
        char latin;
        const char *cyr;
    } lookalike[] = {{'a', "а"}, {'b', "в"}, {'c', "с"}, {'e', "е"}, {'h', "н"}, {'k', "к"},
                     {'m', "м"}, {'o', "о"}, {'p', "р"}, {'t', "т"}, {'x', "х"}, {'y', "у"}};
    char folded[256];
    size_t len = 0, i;
    const char *p;

    if (size == 0)
        return;
    if (*part == '\0') {
        out[0] = '\0';  /* most parts of most queries: no letter, korpus or stroenie */
        return;
    }
    /* Digits alone ("50", most house numbers) are their own key, as dc_name_key would give. */
    for (len = 0; part[len] >= '0' && part[len] <= '9'; len++)
        ;
    if (part[len] == '\0' && len < size) {
        memcpy(out, part, len + 1);
        return;
    }
    len = 0;
    for (p = part; *p && len + 4 < sizeof folded; p++) {
        char c = (char)tolower((unsigned char)*p);
        const char *rep = NULL;
        if (*p == ' ')
            continue;
        for (i = 0; isalpha((unsigned char)c) && i < sizeof lookalike / sizeof lookalike[0]; i++)
            if (lookalike[i].latin == c)
                rep = lookalike[i].cyr;
        if (rep) {
            memcpy(folded + len, rep, strlen(rep));
            len += strlen(rep);
        } else {
            folded[len++] = c;
        }
    }
    folded[len] = '\0';
    if (dc_name_key(folded, out, size) != 0)
        copy_str(out, size, folded);
}
