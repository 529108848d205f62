/*
 * Turns items into address parts: attaches type words to the names before
 * or after them, resolves the ambiguous one-letter words by what follows,
 * and decides which name is the city and which the street.
 */
#ifndef DC_NORMALIZE_ASSIGN_H
#define DC_NORMALIZE_ASSIGN_H

#include "normalize/dict.h"
#include "normalize/items.h"
#include "normalize/parts.h"
#include "normalize/tokenize.h"

void dc_assign_parts(const dc_dicts *d, dc_token_list *tokens, dc_item_list *items, dc_scratch *sc,
                     dc_parts *out);

#endif
