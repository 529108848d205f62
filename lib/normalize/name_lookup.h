/* Dictionary lookups of names made of several tokens ("нижний новгород"). */
#ifndef DC_NORMALIZE_NAME_LOOKUP_H
#define DC_NORMALIZE_NAME_LOOKUP_H

#include "normalize/dict.h"
#include "normalize/tokenize.h"

/* Longest city name in tokens; a longer range is never looked up. */
#define DC_NAME_MAX_TOKENS 4

/* The city whose name is exactly tokens [first, first + count), or NULL. */
const dc_known_city *dc_tokens_city(const dc_dicts *d, const dc_token *tok, int first, int count);

/* The region named exactly by tokens [first, first + count), or NULL. */
const dc_known_region *dc_tokens_region(const dc_dicts *d, const dc_token *tok, int first, int count);

/*
 * The keyword spelled by `count` tokens from `first` (joined by spaces), or
 * NULL.  Latin tokens are looked up as typed first, then transliterated.
 */
const dc_keyword *dc_tokens_keyword(const dc_dicts *d, const dc_token *tok, int first, int count);

/* Whether the token starts some keyword of several words (else dc_tokens_keyword
 * with count > 1 is NULL whatever follows). */
int dc_tokens_keyword_starts(const dc_dicts *d, const dc_token *t);

/* dc_tokens_keyword for count > 1 when dc_tokens_keyword_starts said yes already. */
const dc_keyword *dc_tokens_keyword_phrase(const dc_dicts *d, const dc_token *tok, int first, int count);

#endif
