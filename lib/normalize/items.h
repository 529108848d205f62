/*
 * Groups tokens into items: runs of name words, numbers, lone letters and
 * keywords.  This is where a number becomes part of a name ("8 марта",
 * "10-я"), a one-letter keyword an initial ("К. Маркса"), and entrances,
 * floors and chat words disappear.
 */
#ifndef DC_NORMALIZE_ITEMS_H
#define DC_NORMALIZE_ITEMS_H

#include <stdint.h>

#include "normalize/dict.h"
#include "normalize/tokenize.h"

enum dc_item_type {
    DC_IT_NAME = 1,   /* name words, with the numbers and ordinals inside names */
    DC_IT_NUM = 2,    /* a number that is not part of a name: house, postcode, flat... */
    DC_IT_LETTER = 3, /* a lone letter: a house letter, or korpus "Б" */
    DC_IT_KW = 4      /* a keyword: type word, house-part word, country */
};

enum dc_item_state {
    DC_IS_FREE = 0,
    DC_IS_USED = 1    /* consumed by the parser */
};

typedef struct dc_item {
    const dc_keyword *kw; /* DC_IT_KW */
    uint16_t first;       /* first token */
    uint16_t count;       /* tokens covered */
    uint16_t seg;
    uint8_t type;
    uint8_t state;
} dc_item;

typedef struct dc_item_list {
    dc_item item[DC_MAX_TOKENS];
    int count;
} dc_item_list;

void dc_build_items(const dc_dicts *d, dc_token_list *tokens, dc_item_list *out);

#endif
