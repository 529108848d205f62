/* Splits one number token into house, letter, korpus, stroenie and flat. */
#include "normalize/house_number.h"

#include <string.h>

#include "domcov.h"

/* A glued letter run longer than this is never split into parts (bytes: 6 letters). */
#define MAX_SPLIT_BYTES 12

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

/* "2", or "2/3": a korpus or flat written as a fraction. */
static size_t span_number(const char *s, size_t len, size_t i)
{
    size_t j = span_digits(s, len, i);

    if (j > i && j + 1 < len && s[j] == '/' && is_digit(s[j + 1]))
        j = span_digits(s, len, j + 1);
    return j;
}

/* A value after a keyword inside the token: "2", "2а", "у2", "2/3". */
static size_t span_value(const char *s, size_t len, size_t i)
{
    size_t j = span_digits(s, len, i), l, end;

    if (j > i) {
        /*
         * "2а" is a value, but in "2с1" the letters introduce the next part,
         * as do two letters or more ("2са": stroenie а, "18си").
         */
        l = span_letters(s, len, j);
        if (l > j)
            end = ((l < len && is_digit(s[l])) || l - j > 2) ? j : l;
        else
            end = span_number(s, len, i);
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

/* kw when it introduces a glued part: korpus, stroenie, the letter word or a flat word; else NULL. */
static const dc_keyword *as_part_word(const dc_keyword *kw)
{
    if (kw != NULL && !(kw->house_roles & (DC_KW_KORPUS | DC_KW_STROENIE | DC_KW_LETTER)) && kw->flat_type == NULL)
        kw = NULL;
    return kw;
}

static const dc_keyword *part_word(const dc_dicts *d, const char *s, size_t n)
{
    return as_part_word(dc_dict_keyword(d, s, n));
}

void dc_house_part_value(const dc_keyword *kw, dc_span v, dc_parts *parts)
{
    if (kw->house_roles & DC_KW_KORPUS) {
        if (parts->korpus.s == NULL) {
            set_once(&parts->korpus, v.s, v.n);
        } else if (kw->flat_type && parts->flat.s == NULL && v.n > 0) {
            parts->flat = v;
            parts->flat_type = dc_span_of(kw->flat_type, strlen(kw->flat_type));
        }
    } else if (kw->house_roles & DC_KW_STROENIE) {
        set_once(&parts->stroenie, v.s, v.n);
    } else if (kw->house_roles & DC_KW_LETTER) {
        set_once(&parts->letter, v.s, v.n);
    } else if (kw->flat_type) {
        if (parts->flat.s == NULL && v.n > 0)
            parts->flat_type = dc_span_of(kw->flat_type, strlen(kw->flat_type));
        set_once(&parts->flat, v.s, v.n);
    }
}

/* One way to read a glued letter run: [letter] part word, value. */
typedef struct split {
    size_t word, word_end, value_end; /* word == start of the run: no letter before the word */
    const dc_keyword *kw;
    int rank; /* 2: digits value ("бк2"), 1: one letter ("ка"), 0: letter and digits ("ку2") */
} split;

/* How deep rest_fits looks ahead: a bound on the work for long hostile tokens ("кс1кс1кс1..."). */
#define MAX_LOOKAHEAD 2

static int find_split_at(const dc_dicts *d, const char *s, size_t len, size_t i, size_t l, split *best, int depth);

/*
 * What follows a value fits: the end, a non-letter, or another part word with
 * its value, glued or split in turn ("кас1", "касу2": korpus а, stroenie у2).
 */
static int rest_fits(const dc_dicts *d, const char *s, size_t len, size_t i, int depth)
{
    size_t l;
    split sp;

    if (i >= len || !is_cyr_lead(s[i]) || depth >= MAX_LOOKAHEAD)
        return 1;
    l = span_letters(s, len, i);
    if (part_word(d, s + i, l - i) != NULL)
        return span_value(s, len, l) > l;
    return find_split_at(d, s, len, i, l, &sp, depth + 1);
}

/*
 * Reads the letter run s[i..l), which is no keyword itself, as a part word
 * with its value, after at most one house letter: "ка" (korpus а), "са"
 * (stroenie а), "лита" (letter а), "бк" + "2" (letter б, korpus 2).  The
 * compact style writes a letter korpus that way ("36ка" for "д. 36, к. А").
 */
static int find_split_at(const dc_dicts *d, const char *s, size_t len, size_t i, size_t l, split *best, int depth)
{
    int found = 0;

    if (l - i > MAX_SPLIT_BYTES)
        return 0;
    for (size_t p = i; p <= i + 2 && p < l; p += 2) {
        for (size_t q = l; q > p; q -= 2) {
            const dc_keyword *kw = part_word(d, s + p, q - p);
            size_t v;
            int rank;

            if (kw == NULL)
                continue;
            if (q == l) {
                v = span_number(s, len, q);
                rank = 2;
            } else if (kw->house_roles & (DC_KW_KORPUS | DC_KW_STROENIE | DC_KW_LETTER)) {
                v = q + 2;
                rank = 1;
                if (v < len && is_digit(s[v])) {
                    v = span_digits(s, len, v);
                    rank = 0;
                }
            } else {
                continue;
            }
            if (v == q || !rest_fits(d, s, len, v, depth))
                continue;
            if (!found || rank > best->rank) {
                best->word = p;
                best->word_end = q;
                best->value_end = v;
                best->kw = kw;
                best->rank = rank;
                found = 1;
            }
        }
    }
    return found;
}

static int find_split(const dc_dicts *d, const char *s, size_t len, size_t i, size_t l, split *best)
{
    return find_split_at(d, s, len, i, l, best, 0);
}

int dc_parse_house_token(const dc_dicts *d, const char *s, size_t len, dc_scratch *sc, dc_parts *parts,
                         dc_house_tail *tail)
{
    int own_house = 0;
    size_t i = span_digits(s, len, 0);
    int found = i > 0;

    if (tail != NULL)
        memset(tail, 0, sizeof *tail);
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
        split sp;
        /* One letter has no room for a part word and a value: find_split would
         * only look it up again. */
        int several = l - i > 2;

        if (l == i)
            break;
        kw = dc_dict_keyword(d, s + i, l - i);
        if (kw != NULL && (kw->house_roles || kw->flat_type) && l < len) {
            size_t v = span_value(s, len, l);

            if (v == l)
                break;
            dc_house_part_value(kw, dc_span_of(s + l, v - l), parts);
            i = v;
        } else if (kw == NULL && several && find_split(d, s, len, i, l, &sp)) {
            /* "36ка", "35бк2", "32са", "5лита" */
            if (sp.word > i)
                set_once(&parts->letter, s + i, sp.word - i);
            dc_house_part_value(sp.kw, dc_span_of(s + sp.word_end, sp.value_end - sp.word_end), parts);
            i = sp.value_end;
        } else {
            /*
             * "5а", "50в": the letter of the house.  "5к", "5кв": a part word
             * closing the token, its value maybe still to come; if not, "кв"
             * is korpus в (the compact "5кв" of "д. 5, к. В"), "к" the letter.
             */
            int closing = l == len && as_part_word(kw) != NULL;

            if (closing && several && find_split(d, s, len, i, l, &sp)) {
                if (tail != NULL) {
                    tail->kw = as_part_word(kw);
                    tail->s = s + i;
                    tail->n = l - i;
                    tail->alt_kw = sp.kw;
                    tail->alt_value = dc_span_of(s + sp.word_end, sp.value_end - sp.word_end);
                    tail->alt_letter = dc_span_of(sp.word > i ? s + i : NULL, sp.word - i);
                } else {
                    if (sp.word > i)
                        set_once(&parts->letter, s + i, sp.word - i);
                    dc_house_part_value(sp.kw, dc_span_of(s + sp.word_end, sp.value_end - sp.word_end), parts);
                }
                i = l;
                continue;
            }
            if (tail != NULL && closing) {
                tail->kw = as_part_word(kw);
                tail->s = s + i;
                tail->n = l - i;
                tail->set_letter = parts->letter.s == NULL;
            }
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
