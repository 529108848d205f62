/*
 * Splits one number token into the parts of a house number:
 * "5" "5а" "5/2" "5/2а" "5к2" "5к2с1" "5с1" "5стр1" "5-а" "5-12".
 */
#ifndef DC_NORMALIZE_HOUSE_NUMBER_H
#define DC_NORMALIZE_HOUSE_NUMBER_H

#include <stddef.h>

#include "normalize/dict.h"
#include "normalize/parts.h"

/*
 * Fills the parts found in token text s (spans point into s, or into sc for
 * "12а/1" whose house "12/1" is not one piece of s).  A part already set in
 * `parts` is not overwritten.  "5-12" reads as house 5, flat 12 and sets
 * DOMCOV_ADDR_AMBIGUOUS.  Returns 1 when s starts with a house number.
 */
int dc_parse_house_token(const dc_dicts *d, const char *s, size_t len, dc_scratch *sc, dc_parts *parts);

#endif
