/* Splits one number token into house, letter, korpus, stroenie and flat. */
#include "normalize/house_number.h"

#include <string.h>

#include "domcov.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Cyrillic letters only: the tokenizer already folded Latin look-alikes. */
static int is_cyr_lead(char c)
{
    return (unsigned char)c == 0xD0 || (unsigned char)c == 0xD1;
}

static size_t span_digits(const char *s, size_t len, size_t i)
{
    while (i < len && is_digit(s[i]))
        i++;
    return i;
}

static size_t span_letters(const char *s, size_t len, size_t i)
{
    while (i + 1 < len && is_cyr_lead(s[i]))
        i += 2;
    return i;
}

/* A value after a keyword inside the token: "2", "2а", "у2". */
static size_t span_value(const char *s, size_t len, size_t i)
{
    size_t j = span_digits(s, len, i), l, end;

    if (j > i) {
        /* "2а" is a value, but in "2с1" the letters introduce the next part. */
        l = span_letters(s, len, j);
        end = (l > j && l < len && is_digit(s[l])) ? j : l;
    } else {
        j = span_letters(s, len, i);
        end = j > i ? span_digits(s, len, j) : i;
    }
    return end;
}

static void set_once(dc_span *part, const char *s, size_t n)
{
    if (part->s == NULL && n > 0)
        *part = dc_span_of(s, n);
}

int dc_parse_house_token(const dc_dicts *d, const char *s, size_t len, dc_scratch *sc, dc_parts *parts)
{
    int own_house = 0;

    size_t i = span_digits(s, len, 0);
    int found = i > 0;

    if (!found)
        goto cleanup;
    if (i + 1 < len && s[i] == '/' && is_digit(s[i + 1]))
        i = span_digits(s, len, i + 1);
    own_house = parts->house.s == NULL;
    set_once(&parts->house, s, i);
    if (i + 1 < len && s[i] == '-' && is_digit(s[i + 1])) {
        /* "Ленина 5-12": in chats the second number is the flat. */
        size_t j = span_digits(s, len, i + 1);

        if (j == len && parts->flat.s == NULL) {
            parts->flat = dc_span_of(s + i + 1, j - i - 1);
            parts->flat_type = dc_span_of("кв", 4);
            parts->flags |= DOMCOV_ADDR_AMBIGUOUS;
        }
        goto cleanup;
    }
    if (i < len && s[i] == '-')
        i++; /* "5-а" */
    while (i < len) {
        size_t l = span_letters(s, len, i);
        const dc_keyword *kw;

        if (l == i)
            break;
        kw = dc_dict_keyword(d, s + i, l - i);
        if (kw != NULL && l < len && (kw->house_roles || kw->flat_type)) {
            size_t v = span_value(s, len, l);

            if (v == l)
                break;
            if (kw->house_roles & DC_KW_KORPUS) {
                if (parts->korpus.s == NULL)
                    set_once(&parts->korpus, s + l, v - l);
                else if (kw->flat_type)
                    set_once(&parts->flat, s + l, v - l);
            } else if (kw->house_roles & DC_KW_STROENIE) {
                set_once(&parts->stroenie, s + l, v - l);
            } else if (kw->house_roles & DC_KW_LETTER) {
                set_once(&parts->letter, s + l, v - l);
            } else if (kw->flat_type) {
                if (parts->flat.s == NULL)
                    parts->flat_type = dc_span_of(kw->flat_type, strlen(kw->flat_type));
                set_once(&parts->flat, s + l, v - l);
            }
            i = v;
        } else {
            /* "5а", "50в": the letter of the house. */
            set_once(&parts->letter, s + i, l - i);
            i = l;
            if (i + 1 < len && s[i] == '/' && is_digit(s[i + 1])) {
                /* "12а/1": the corner number still belongs to the house: "12/1" + а. */
                size_t j = span_digits(s, len, i + 1);

                if (own_house && memchr(parts->house.s, '/', parts->house.n) == NULL) {
                    size_t start = sc->used;

                    dc_scratch_put(sc, parts->house.s, parts->house.n);
                    dc_scratch_put(sc, s + i, j - i);
                    parts->house = dc_scratch_end(sc, start);
                }
                i = j;
            }
        }
    }
cleanup:
    return found;
}
