/*
 * Ordinal numbers in street names: "1-я", "1-ая", "1я", "2-ой", "3 й" are all
 * written "N-я" / "N-й" / "N-е" by the gender of the suffix given.
 */
#ifndef DC_NORMALIZE_ORDINAL_H
#define DC_NORMALIZE_ORDINAL_H

#include <stddef.h>

enum dc_ordinal_kind {
    DC_ORD_NONE = 0,
    DC_ORD_YA = 1, /* feminine: я, ая, яя, ья, тья */
    DC_ORD_YI = 2, /* masculine: й, ый, ой, ий */
    DC_ORD_E = 3   /* neuter: е, ое, ее, ье, тье */
};

/*
 * The kind of a suffix word standing apart ("1 я", "2 ой").  A lone "е" counts
 * only with allow_e (it is more often a house letter).
 */
int dc_ordinal_suffix(const char *s, size_t len, int allow_e);

/*
 * The kind of a number token with its suffix attached ("10-я", "1я", "2-ой",
 * "3-е"; not "5е", a house letter); *digits gets the length of its digits.
 */
int dc_ordinal_number(const char *s, size_t len, size_t *digits);

/* The suffix text written after "N-" for a kind: "я", "й" or "е". */
const char *dc_ordinal_suffix_text(int kind);

/*
 * A number joined to a word that is part of a name, not a house:
 * "40-летия", "2-го", "8-марта".
 */
int dc_number_is_name_part(const char *s, size_t len);

#endif
