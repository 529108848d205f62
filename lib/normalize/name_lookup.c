/* Dictionary lookups of names made of several tokens. */
#include "normalize/name_lookup.h"

#include <string.h>

/* Joins token texts (or the Latin raws) with spaces; 0 when it does not fit. */
static size_t join(const dc_token *tok, int first, int count, int raw, int name_key, char *out,
                   size_t cap)
{
    size_t o = 0;
    int fits = 1;

    for (int i = first; i < first + count && fits; i++) {
        const char *s = raw ? tok[i].raw : tok[i].text;
        size_t n = raw ? tok[i].raw_len : tok[i].len;

        if (tok[i].skip)
            continue;
        fits = o + n + 2 <= cap;
        if (fits && o > 0)
            out[o++] = ' ';
        for (size_t k = 0; fits && k < n; k++)
            out[o++] = (name_key && s[k] == '-') ? ' ' : s[k];
    }
    if (!fits)
        o = 0;
    out[o] = '\0';
    return o;
}

/*
 * The name key of `count` tokens from first (texts joined, hyphens as spaces):
 * one word without a hyphen is its own key, looked up where it is; else the
 * joined copy in buf.  *len 0 when it does not fit.
 */
static const char *name_key_of(const dc_token *tok, int first, int count, char *buf, size_t cap, size_t *len)
{
    const dc_token *t = &tok[first];
    const char *key = buf;

    if (count == 1 && !t->skip && (size_t)t->len + 2 <= cap && memchr(t->text, '-', t->len) == NULL) {
        key = t->text;
        *len = t->len;
    } else {
        *len = join(tok, first, count, 0, 1, buf, cap);
    }
    return key;
}

static int all_latin(const dc_token *tok, int first, int count)
{
    int latin = 1;

    for (int i = first; i < first + count; i++)
        if (!(tok[i].flags & DC_TF_LATIN))
            latin = 0;
    return latin;
}

/*
 * The token's dictionary entry when it answers for the token's name key: a
 * word looked up by the tokenizer, without a hyphen (its key has a space),
 * not folded into another token (its key is empty).  *usable 0: look up.
 */
static const dc_word *name_word(const dc_token *t, int *usable)
{
    *usable = t->word_known && !t->hyphen && !t->skip;
    return t->word;
}

/* Whether some city name of several words starts with the token's text. */
static int city_starts(const dc_dicts *d, const dc_token *t)
{
    if (t->word_known)
        return t->word != NULL && (t->word->starts & DC_WORD_STARTS_CITY);
    return dc_dict_city_starts_phrase(d, t->text, t->len);
}

const dc_known_city *dc_tokens_city_lookup(const dc_dicts *d, const dc_token *tok, int first, int count)
{
    char key[256];
    size_t n;
    const dc_known_city *c = NULL;

    if (count < 1 || count > DC_NAME_MAX_TOKENS) {
        c = NULL;
    } else if (all_latin(tok, first, count)) {
        n = join(tok, first, count, 1, 1, key, sizeof key);
        if (n > 0)
            c = dc_dict_city(d, key, n);
        if (c == NULL && n > 0)
            c = dc_dict_city_latin(d, key, n);
    } else if (count == 1 || city_starts(d, &tok[first])) {
        const char *k = name_key_of(tok, first, count, key, sizeof key, &n);

        if (n > 0)
            c = dc_dict_city(d, k, n);
    }
    return c;
}

const dc_known_region *dc_tokens_region(const dc_dicts *d, const dc_token *tok, int first, int count)
{
    char key[256];
    size_t n;
    const dc_known_region *r = NULL;
    int usable = 0;
    const dc_word *w = count == 1 ? name_word(&tok[first], &usable) : NULL;

    if (usable) {
        r = w != NULL ? w->region : NULL;
    } else if (count >= 1 && count <= DC_NAME_MAX_TOKENS && !dc_token_starts_no_name(d, &tok[first])) {
        /* Latin aliases ("tatarstan") as typed, then the transliteration. */
        if (all_latin(tok, first, count)) {
            n = join(tok, first, count, 1, 1, key, sizeof key);
            if (n > 0)
                r = dc_dict_region(d, key, n);
        }
        if (r == NULL) {
            const char *k = name_key_of(tok, first, count, key, sizeof key, &n);

            if (n > 0)
                r = dc_dict_region(d, k, n);
        }
    }
    return r;
}

int dc_tokens_keyword_starts_lookup(const dc_dicts *d, const dc_token *t)
{
    return dc_dict_keyword_starts_phrase(d, t->text, t->len) ||
           ((t->flags & DC_TF_LATIN) && dc_dict_keyword_starts_phrase(d, t->raw, t->raw_len));
}

const dc_keyword *dc_tokens_keyword_phrase(const dc_dicts *d, const dc_token *tok, int first, int count)
{
    char key[128];
    size_t n;
    const dc_keyword *kw = NULL;

    if (all_latin(tok, first, count)) {
        n = join(tok, first, count, 1, 0, key, sizeof key);
        if (n > 0)
            kw = dc_dict_keyword(d, key, n);
    }
    if (kw == NULL) {
        n = join(tok, first, count, 0, 0, key, sizeof key);
        if (n > 0)
            kw = dc_dict_keyword(d, key, n);
    }
    return kw;
}

const dc_keyword *dc_tokens_keyword(const dc_dicts *d, const dc_token *tok, int first, int count)
{
    const dc_keyword *kw = NULL;
    const dc_token *t = &tok[first];

    if (count == 1 && t->word_known) {
        kw = t->word != NULL ? t->word->keyword : NULL;
    } else if (count == 1) {
        if (t->flags & DC_TF_LATIN)
            kw = dc_dict_keyword(d, t->raw, t->raw_len);
        if (kw == NULL)
            kw = dc_dict_keyword(d, t->text, t->len);
    } else if (dc_tokens_keyword_starts(d, t)) {
        /* Only words that start some phrase are worth joining with the next ones. */
        kw = dc_tokens_keyword_phrase(d, tok, first, count);
    }
    return kw;
}
