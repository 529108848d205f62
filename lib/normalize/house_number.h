/*
 * Splits one number token into the parts of a house number:
 * "5" "5а" "5/2" "5/2а" "5к2" "5к2с1" "5с1" "5стр1" "5-а" "5-12", and the
 * glued forms of the compact style: "36ка" (korpus а), "35бк2" (letter б,
 * korpus 2), "32са" (stroenie а), "5лита" (letter а).
 */
#ifndef DC_NORMALIZE_HOUSE_NUMBER_H
#define DC_NORMALIZE_HOUSE_NUMBER_H

#include <stddef.h>

#include "normalize/dict.h"
#include "normalize/parts.h"

/*
 * A house-part word that ends the token with no value glued to it ("2к" of
 * "2к.а", "5лит" of "5лит. А", "5кв" of "5кв 12"): the caller may give it the
 * next item as its value.  Until then the word stands as the house letter
 * ("5к"), or as the part word it spells with a letter value ("5кв").
 */
typedef struct dc_house_tail {
    const dc_keyword *kw; /* NULL: no such word */
    const char *s;        /* the word in the token text */
    size_t n;
    int set_letter;       /* the word was written to parts->letter */
    /*
     * alt_kw non-NULL: nothing was written for the word; when no value comes
     * it reads as this part word with alt_value after the letter alt_letter
     * (may be absent): "5кв" is korpus в.
     */
    const dc_keyword *alt_kw;
    dc_span alt_value, alt_letter;
} dc_house_tail;

/*
 * Fills the parts found in token text s (spans point into s, or into sc for
 * "12а/1" whose house "12/1" is not one piece of s).  A part already set in
 * `parts` is not overwritten.  "5-12" reads as house 5, flat 12 and sets
 * DOMCOV_ADDR_AMBIGUOUS.  Returns 1 when s starts with a house number.
 * tail (may be NULL) receives a trailing house-part word without a value.
 */
int dc_parse_house_token(const dc_dicts *d, const char *s, size_t len, dc_scratch *sc, dc_parts *parts,
                         dc_house_tail *tail);

/*
 * Gives the value v to the house-part word kw as dc_parse_house_token does:
 * korpus (the flat when kw can be one and a korpus is already set),
 * stroenie, letter or flat.
 */
void dc_house_part_value(const dc_keyword *kw, dc_span v, dc_parts *parts);

#endif
