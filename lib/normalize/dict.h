/*
 * The normalizer's dictionaries: parsed once (pthread_once) from the texts
 * compiled in from data/dict/ (*.txt) into immutable lookup tables.
 */
#ifndef DC_NORMALIZE_DICT_H
#define DC_NORMALIZE_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "normalize/lookup_table.h"
#include "normalize/translit.h"

/* dc_keyword.house_roles */
enum {
    DC_KW_HOUSE = 1,
    DC_KW_KORPUS = 2,
    DC_KW_STROENIE = 4,
    DC_KW_LETTER = 8
};

/* dc_keyword.drop */
enum {
    DC_DROP_WITH_VALUE = 1, /* removed with its number: "подъезд 2" */
    DC_DROP_FILLER = 2,     /* removed alone: "здравствуйте" */
    DC_DROP_IN_STREET = 4,  /* dropped from the street part: "им" */
    DC_DROP_IN_KEY = 8      /* dropped from the street key only: "академика" */
};

/* dc_keyword.ambiguous: the role is only a guess */
enum {
    DC_AMB_STREET = 1,
    DC_AMB_CITY = 2
};

/* Everything one word (or fixed phrase) can mean in an address. */
typedef struct dc_keyword {
    const char *street_type;   /* canonical short forms, NULL when not that */
    const char *city_type;
    const char *region_type;
    const char *district_type;
    const char *flat_type;
    const char *country;
    uint8_t house_roles;
    uint8_t drop;
    uint8_t ambiguous;
    uint8_t words;             /* words in the key */
    uint16_t street_type_len;  /* strlen of street_type and city_type: the parser copies them per address */
    uint16_t city_type_len;
    uint8_t typed;             /* dc_keyword_has_type, set once loaded: asked of nearly every keyword */
    uint8_t structural;        /* dc_keyword_is_structural, likewise */
    uint8_t kilometre;         /* street_type is "км": a kilometre of a road names a street ("8 км") */
} dc_keyword;

typedef struct dc_known_city {
    const char *name;   /* canonical, as written to city */
    const char *type;
    const char *region;
    uint16_t name_len, type_len; /* their strlen: the parser copies them per address */
} dc_known_city;

typedef struct dc_known_region {
    const char *name;
    const char *type;
} dc_known_region;

/* dc_word.starts */
enum {
    DC_WORD_STARTS_KEYWORD = 1, /* the first word of a keyword of several words */
    DC_WORD_STARTS_CITY = 2,    /* the first word (as typed) of a city name of several words */
    DC_WORD_SECOND_KEYWORD = 4, /* the second word of a keyword of several words */
    DC_WORD_AFTER_NUMBER = 8    /* the word after the number in numeric_names.txt ("марта" of "8 марта") */
};

/*
 * Everything one word (a key without spaces) is in the tables below: a token
 * is looked up once (dc_dict_word) instead of once per table.
 */
typedef struct dc_word {
    const dc_keyword *keyword;     /* keywords */
    const dc_known_city *city;     /* cities */
    const dc_known_region *region; /* regions */
    uint8_t starts;                /* DC_WORD_*: keyword_firsts, city_firsts, second words, numeric names */
} dc_word;

typedef struct dc_dicts {
    dc_lookup keywords;       /* word or phrase → dc_keyword */
    dc_lookup keyword_firsts; /* first word of every several-word keyword (a quick "no") */
    dc_lookup city_firsts;    /* first word of every several-word city name key */
    dc_lookup cities;         /* name key (see dc_dict_name_key) → dc_known_city */
    dc_lookup city_skeletons; /* skeleton → dc_known_city, for Latin spellings */
    dc_lookup regions;        /* name key → dc_known_region */
    dc_lookup numeric_names;  /* "8 марта", "* лет": a number and the word after it that start a name */
    dc_lookup words;          /* key without spaces → dc_word: the five tables above in one */
    dc_translit translit;
    int keyword_max_words;
    int digit_names; /* some city or region name starts with a digit (else a number never starts one) */
    void *arena; /* the blocks holding every string above (kept reachable, never freed) */
} dc_dicts;

/*
 * The dictionaries, loaded on first use.  NULL when loading failed (out of
 * memory, or a malformed dictionary: a bug caught by the tests).
 */
const dc_dicts *dc_dicts_get(void);

/* Has any of the type roles (street, settlement, region, district).  Inline: asked
 * of nearly every keyword, several times. */
static inline int dc_keyword_has_type(const dc_keyword *kw)
{
    return kw != NULL && kw->typed;
}

/* A keyword is "structural" when it can stand for an address part. */
static inline int dc_keyword_is_structural(const dc_keyword *kw)
{
    return kw != NULL && kw->structural;
}

/*
 * Writes the lookup key of a city or region name: hyphens become spaces so
 * "ростов-на-дону" and "ростов на дону" meet.  Returns its length (< cap).
 */
size_t dc_dict_name_key(const char *name, size_t len, char *out, size_t cap);

const dc_keyword *dc_dict_keyword(const dc_dicts *d, const char *key, size_t len);
/* The word's entries in keywords, keyword_firsts, city_firsts, cities and regions; NULL when in none. */
static inline const dc_word *dc_dict_word(const dc_dicts *d, const char *word, size_t len)
{
    return (const dc_word *)dc_lookup_get(&d->words, word, len);
}
/* Whether some keyword of several words starts with this word. */
int dc_dict_keyword_starts_phrase(const dc_dicts *d, const char *word, size_t len);
/* Whether some city name of several words starts with this word. */
int dc_dict_city_starts_phrase(const dc_dicts *d, const char *word, size_t len);
const dc_known_city *dc_dict_city(const dc_dicts *d, const char *key, size_t len);
const dc_known_city *dc_dict_city_latin(const dc_dicts *d, const char *latin, size_t len);
const dc_known_region *dc_dict_region(const dc_dicts *d, const char *key, size_t len);
/* Whether number `num` followed by `word` starts a street name (numeric_names.txt). */
int dc_dict_numeric_name(const dc_dicts *d, const char *num, size_t num_len, const char *word, size_t word_len);

#endif
