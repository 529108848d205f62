/*
 * Latin → Cyrillic for addresses typed in transliteration, Latin look-alike
 * letters (5A, 5B) and the script-neutral skeleton used to find city names.
 * The rules come from data/dict/translit.txt (see docs/normalize.md).
 */
#ifndef DC_NORMALIZE_TRANSLIT_H
#define DC_NORMALIZE_TRANSLIT_H

#include <stddef.h>
#include <stdint.h>

#define DC_TRANSLIT_MAX_FROM 6
#define DC_TRANSLIT_MAX_TO 12
#define DC_TRANSLIT_MAX_RULES 160
#define DC_TRANSLIT_MAX_SOFT 48
#define DC_TRANSLIT_SOFT_LEN 32

/* Where a rule applies (bits). */
enum {
    DC_TR_START = 1,       /* only at the start of a word */
    DC_TR_END = 2,         /* only at the end of a word */
    DC_TR_AFTER_VOWEL = 4,
    DC_TR_AFTER_CONSONANT = 8
};

typedef struct dc_translit_rule {
    char from[DC_TRANSLIT_MAX_FROM + 1];
    char to[DC_TRANSLIT_MAX_TO + 1];
    uint8_t from_len, to_len, where;
} dc_translit_rule;

typedef struct dc_rule_set {
    dc_translit_rule rules[DC_TRANSLIT_MAX_RULES]; /* longest `from` first */
    int count;
} dc_rule_set;

typedef struct dc_translit {
    dc_rule_set latin;           /* Latin word → Cyrillic */
    dc_rule_set skeleton_latin;  /* Latin sequences → skeleton */
    char lookalike[26][3];       /* 'a'..'z' → Cyrillic look-alike ("" if none) */
    char skeleton_cyr[32][4];    /* а..я → skeleton ("" drops the letter) */
    char soft_iy[DC_TRANSLIT_MAX_SOFT][DC_TRANSLIT_SOFT_LEN]; /* "синий": Latin -iy/-ny stays -ий */
    int soft_count;
} dc_translit;

/* Parses the text of translit.txt.  0 ok, -1 on a malformed line (*bad_line set). */
int dc_translit_load(dc_translit *t, const char *text, size_t len, int *bad_line);

/*
 * Transliterates a lower-case Latin word (letters, apostrophes, hyphens) to
 * Cyrillic.  out needs 4 * len + 1 bytes; returns the length written.  The
 * ending -iy (Yandex writes -ий and -ый alike) becomes -ый after a hard
 * consonant ("krasniy" красный), -ий after г к х ж ч ш щ and in [soft_iy].
 */
size_t dc_translit_word(const dc_translit *t, const char *word, size_t len, char *out);

/* The Cyrillic look-alike of Latin letter c ('a'..'z'), or NULL. */
const char *dc_translit_lookalike(const dc_translit *t, char c);

/*
 * Writes the skeleton of s (Cyrillic and/or Latin, lower case; upper-case
 * Cyrillic and ё are folded) into out, at most cap - 1 bytes, NUL-terminated
 * when cap > 0; returns its length.  See skeleton.h.
 */
size_t dc_translit_skeleton(const dc_translit *t, const char *s, size_t len, char *out, size_t cap);

#endif
