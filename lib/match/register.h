/*
 * The house register in memory: streets and houses of a store, with hashed
 * keys for exact lookups and a trigram index for typo-tolerant street search.
 * Built once at open; read-only afterwards, so threads share it freely.
 */
#ifndef DC_REGISTER_H
#define DC_REGISTER_H

#include "fuzzy.h"
#include "hashidx.h"
#include "strpool.h"

#include <math.h>
#include <sqlite3.h>
#include <stdint.h>

typedef struct dc_street {
    int32_t city;             /* index into domcov_db.cities */
    uint32_t type, name;      /* pool: canonical type ("ул"), display name ("Малышева") */
    uint32_t key, loose;      /* pool: matching key ("малышева"), loose key (no initials, "им", ordinal suffix) */
    uint32_t last;            /* pool: the loose key's last word ("островского" of "николая островского") */
    uint32_t display;         /* pool: what a house's display address starts with ("г. Пермь, ул. Ленина, ") */
    uint32_t first_house, nhouses; /* a street's houses are contiguous in dc_register.houses */
} dc_street;

/* A house as the matcher reads it (assembled by dc_reg_house from the compact storage). */
typedef struct dc_house {
    uint32_t ext_id;          /* pool */
    uint32_t number, letter, korpus, stroenie; /* pool, normalized like the normalizer's parts */
    uint32_t street;
    double lat, lon;          /* NaN when the house has no point */
} dc_house;

/*
 * How houses are kept: 12 bytes a house plus its point.  Most houses share
 * their (number, letter, korpus, stroenie) with houses of other streets
 * ("1", "2", "5а"...), so those are one table of distinct combinations.
 * Points are 1e-7 degree integers when every point of the store survives
 * that exactly (coordinates written with up to 7 decimals: the division
 * back is correctly rounded, so it gives the very double strtod gave), and
 * doubles otherwise.  A store of 1M houses fits in 64 MB this way.
 */
typedef struct dc_house_parts {
    uint32_t number, letter, korpus, stroenie;
} dc_house_parts;

typedef struct dc_house_rec {
    uint32_t ext_id, parts, street;
} dc_house_rec;

/* Houses by (street, number before any "/"): slots hold the first house of
 * each key, next[] chains the others with the same key. */
typedef struct dc_house_index {
    uint32_t *slots;          /* UINT32_MAX: empty */
    uint32_t *next;
    uint32_t mask;
} dc_house_index;

typedef struct dc_register {
    dc_strpool pool;
    dc_street *streets;
    uint32_t nstreets;
    dc_house_rec *houses;
    uint32_t nhouses;
    dc_house_parts *parts;    /* distinct part combinations */
    uint32_t nparts;
    int32_t *point_e7;        /* lat, lon per house in 1e-7 degrees (INT32_MIN: no point), or NULL */
    double *point;            /* lat, lon per house when point_e7 is NULL */
    dc_hashidx by_city_key;   /* hash(city, key) -> streets */
    dc_hashidx by_city_loose; /* hash(city, loose) -> streets */
    dc_hashidx by_key;        /* hash(key) -> streets, any city */
    dc_hashidx by_loose;      /* hash(loose) -> streets, any city */
    dc_hashidx by_city_last;  /* hash(city, last word) -> streets: "Н. Островского", "Горького" */
    dc_trigram_index trigrams;/* over street keys */
    uint32_t *by_city_sorted; /* streets ordered by (city, key), for prefix search */
    dc_house_index house_by_base; /* (street, number before any "/") -> houses */
    uint32_t *city_keys;      /* pool: the name key of each city (index as domcov_db.cities) */
    dc_hashidx city_by_key;   /* hash(name key) -> cities */
    dc_hashidx city_by_code;  /* hash(code) -> cities */
    dc_hashidx by_city_skel;  /* hash(city, skeleton of key) -> streets (skeleton_index.h) */
    dc_hashidx city_by_skel;  /* hash(skeleton of name key) -> cities */
} dc_register;

struct domcov_db;

/* Bytes held by each part of a register (for benchmarks and docs/performance.md). */
typedef struct dc_register_memory {
    size_t strings, houses, parts, points, house_index, streets, street_indexes, trigrams, total;
} dc_register_memory;
void dc_register_memory_use(const dc_register *reg, dc_register_memory *out);

/* Loads streets and houses from an open store.  A DOMCOV_* status (message set). */
int dc_register_load(sqlite3 *sq, struct domcov_db *db, dc_register *reg);
void dc_register_free(dc_register *reg);

/* "5/2" -> "5": the part of a house number before a slash (corner houses). */
void dc_house_base_number(const char *num, char *out, size_t size);
/* First house of the street whose number before any "/" is base, or DC_HASHIDX_END;
 * the others follow through dc_house_next. */
uint32_t dc_house_first(const dc_register *reg, uint32_t street, const char *base);
static inline uint32_t dc_house_next(const dc_register *reg, uint32_t house)
{
    return reg->house_by_base.next[house];
}

static inline const char *dc_reg_str(const dc_register *reg, uint32_t off)
{
    return dc_strpool_get(&reg->pool, off);
}

static inline dc_house dc_reg_house(const dc_register *reg, uint32_t i)
{
    const dc_house_rec *r = &reg->houses[i];
    const dc_house_parts *p = &reg->parts[r->parts];
    dc_house h;

    h.ext_id = r->ext_id;
    h.number = p->number;
    h.letter = p->letter;
    h.korpus = p->korpus;
    h.stroenie = p->stroenie;
    h.street = r->street;
    if (reg->point_e7 == NULL) {
        h.lat = reg->point[2 * (size_t)i];
        h.lon = reg->point[2 * (size_t)i + 1];
    } else if (reg->point_e7[2 * (size_t)i] == INT32_MIN) {
        h.lat = h.lon = (double)NAN;
    } else {
        h.lat = reg->point_e7[2 * (size_t)i] / 1e7;
        h.lon = reg->point_e7[2 * (size_t)i + 1] / 1e7;
    }
    return h;
}

#endif
