/* Dictionary lookups of names made of several tokens ("нижний новгород"). */
#ifndef DC_NORMALIZE_NAME_LOOKUP_H
#define DC_NORMALIZE_NAME_LOOKUP_H

#include "normalize/dict.h"
#include "normalize/tokenize.h"

/* Longest city name in tokens; a longer range is never looked up. */
#define DC_NAME_MAX_TOKENS 4

/* Whether no name of the dictionaries can start at token t: a number, when none starts with a digit. */
static inline int dc_token_starts_no_name(const dc_dicts *d, const dc_token *t)
{
    return t->kind == DC_TOK_NUM && !d->digit_names;
}

/*
 * What the tokenizer's lookup of word t already tells of a city named by
 * `count` tokens from t: 1 with *city set (one word without a hyphen, or
 * no city name of several words starts with it, or no name at all starts
 * with it: "5-я Линия"), 0 when a lookup must tell.
 */
static inline int dc_token_city_known(const dc_dicts *d, const dc_token *t, int count, const dc_known_city **city)
{
    int known = 0;

    if (count >= 1 && count <= DC_NAME_MAX_TOKENS && dc_token_starts_no_name(d, t)) {
        *city = NULL;
        known = 1;
    } else if (count == 1 && t->word_known && !t->hyphen && !t->skip) {
        *city = t->word != NULL ? t->word->city : NULL;
        known = 1;
    } else if (count > 1 && count <= DC_NAME_MAX_TOKENS && t->word_known &&
               !(t->word != NULL && (t->word->starts & DC_WORD_STARTS_CITY))) {
        *city = NULL;
        known = 1;
    }
    return known;
}

/* dc_tokens_city when dc_token_city_known does not know. */
const dc_known_city *dc_tokens_city_lookup(const dc_dicts *d, const dc_token *tok, int first, int count);

/*
 * The city whose name is exactly tokens [first, first + count), or NULL.
 * Inline: asked for many token ranges, nearly all answered without a probe.
 */
static inline const dc_known_city *dc_tokens_city(const dc_dicts *d, const dc_token *tok, int first, int count)
{
    const dc_known_city *c = NULL;

    if (!dc_token_city_known(d, tok + first, count, &c))
        c = dc_tokens_city_lookup(d, tok, first, count);
    return c;
}

/* The region named exactly by tokens [first, first + count), or NULL. */
const dc_known_region *dc_tokens_region(const dc_dicts *d, const dc_token *tok, int first, int count);

/*
 * The keyword spelled by `count` tokens from `first` (joined by spaces), or
 * NULL.  Latin tokens are looked up as typed first, then transliterated.
 */
const dc_keyword *dc_tokens_keyword(const dc_dicts *d, const dc_token *tok, int first, int count);

/* dc_tokens_keyword_starts for a token the tokenizer did not look up (Latin, a number). */
int dc_tokens_keyword_starts_lookup(const dc_dicts *d, const dc_token *t);

/* Whether the token starts some keyword of several words (else dc_tokens_keyword
 * with count > 1 is NULL whatever follows).  Inline: asked of every word. */
static inline int dc_tokens_keyword_starts(const dc_dicts *d, const dc_token *t)
{
    if (t->word_known)
        return t->word != NULL && (t->word->starts & DC_WORD_STARTS_KEYWORD);
    return dc_tokens_keyword_starts_lookup(d, t);
}

/* dc_tokens_keyword for count > 1 when dc_tokens_keyword_starts said yes already. */
const dc_keyword *dc_tokens_keyword_phrase(const dc_dicts *d, const dc_token *tok, int first, int count);

#endif
