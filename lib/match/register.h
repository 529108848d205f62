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

#include <sqlite3.h>
#include <stdint.h>

typedef struct dc_street {
    int32_t city;             /* index into domcov_db.cities */
    uint32_t type, name;      /* pool: canonical type ("ул"), display name ("Малышева") */
    uint32_t key, loose;      /* pool: matching key ("малышева"), loose key (no initials, "им", ordinal suffix) */
    uint32_t last;            /* pool: the loose key's last word ("островского" of "николая островского") */
    uint32_t first_house, nhouses; /* a street's houses are contiguous in dc_register.houses */
} dc_street;

typedef struct dc_house {
    uint32_t ext_id;          /* pool */
    uint32_t number, letter, korpus, stroenie; /* pool, normalized like the normalizer's parts */
    uint32_t street;
    double lat, lon;          /* NaN when the house has no point */
} dc_house;

typedef struct dc_register {
    dc_strpool pool;
    dc_street *streets;
    uint32_t nstreets;
    dc_house *houses;
    uint32_t nhouses;
    dc_hashidx by_city_key;   /* hash(city, key) -> streets */
    dc_hashidx by_city_loose; /* hash(city, loose) -> streets */
    dc_hashidx by_key;        /* hash(key) -> streets, any city */
    dc_hashidx by_loose;      /* hash(loose) -> streets, any city */
    dc_hashidx by_city_last;  /* hash(city, last word) -> streets: "Н. Островского", "Горького" */
    dc_trigram_index trigrams;/* over street keys */
    uint32_t *by_city_sorted; /* streets ordered by (city, key), for prefix search */
    dc_hashidx house_by_base; /* hash(street, number before any "/") -> houses */
    uint32_t *city_keys;      /* pool: the name key of each city (index as domcov_db.cities) */
    dc_hashidx city_by_key;   /* hash(name key) -> cities */
    dc_hashidx city_by_code;  /* hash(code) -> cities */
    dc_hashidx by_city_skel;  /* hash(city, skeleton of key) -> streets (skeleton_index.h) */
    dc_hashidx city_by_skel;  /* hash(skeleton of name key) -> cities */
} dc_register;

struct domcov_db;

/* Loads streets and houses from an open store.  A DOMCOV_* status (message set). */
int dc_register_load(sqlite3 *sq, struct domcov_db *db, dc_register *reg);
void dc_register_free(dc_register *reg);

/* "5/2" -> "5": the part of a house number before a slash (corner houses). */
void dc_house_base_number(const char *num, char *out, size_t size);
/* Hash of a house's (street, base number) for house_by_base. */
uint64_t dc_house_base_hash(uint32_t street, const char *base);

static inline const char *dc_reg_str(const dc_register *reg, uint32_t off)
{
    return dc_strpool_get(&reg->pool, off);
}

#endif
