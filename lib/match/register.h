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
    double lat, lon;          /* NaN when the house has no point */
} dc_house;

/*
 * How houses are kept: 16 bytes a house, its point included, so that a
 * matched house costs one cache line.  Most houses share their (number,
 * letter, korpus, stroenie) with houses of other streets ("1", "2", "5а"...),
 * so those are one table of distinct combinations.  Points are 1e-7 degree
 * integers when every point of the store survives that exactly
 * (coordinates written with up to 7 decimals: the division back is
 * correctly rounded, so it gives the very double strtod gave); otherwise
 * the doubles are kept beside the houses.  A house's street is not stored:
 * houses are reached through their street (dc_street.first_house).
 */
typedef struct dc_house_parts {
    uint32_t number, letter, korpus, stroenie;
    uint32_t display;         /* pool: "д. 5а корп. 2" (dc_compose_house) */
} dc_house_parts;

typedef struct dc_house_rec {
    uint32_t ext_id, parts;
    int32_t lat_e7, lon_e7;   /* INT32_MIN: no point; unused when dc_register.point is set */
} dc_house_rec;

/* Houses by number: a street's houses are contiguous, so a lookup scans the
 * street's 16-bit tags (a hash of each number before any "/") and checks
 * the few that agree on the house itself.  2 bytes a house; the scan reads
 * one street's tags, adjacent in memory, not a table spread over the heap. */
typedef struct dc_house_iter {
    const uint16_t *tags;
    uint32_t at, end;
    uint16_t tag;
    const char *base;
    size_t base_len;
} dc_house_iter;

typedef struct dc_register {
    dc_strpool pool;
    dc_street *streets;
    uint32_t nstreets;
    dc_house_rec *houses;
    uint32_t nhouses;
    dc_house_parts *parts;    /* distinct part combinations */
    uint32_t nparts;
    double *point;            /* lat, lon per house when 1e-7 degrees would lose precision, else NULL */
    dc_hashidx by_city_key;   /* hash(city, key) -> streets */
    dc_hashidx by_city_loose; /* hash(city, loose) -> streets */
    dc_hashidx by_key;        /* hash(key) -> streets, any city */
    dc_hashidx by_loose;      /* hash(loose) -> streets, any city */
    dc_hashidx by_city_last;  /* hash(city, last word) -> streets: "Н. Островского", "Горького" */
    dc_trigram_index trigrams;/* over street keys */
    uint32_t *by_city_sorted; /* streets ordered by (city, key), for prefix search */
    uint16_t *number_tags;    /* per house: hash of its number before any "/" (dc_house_iter) */
    uint32_t *city_keys;      /* pool: the name key of each city (index as domcov_db.cities) */
    uint8_t *city_has_twin;   /* per city: 1 when another city has the same name key */
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
/* The street's first house whose number before any "/" is base, or
 * DC_HASHIDX_END; dc_house_next gives the others, in ascending order. */
uint32_t dc_house_first(const dc_register *reg, uint32_t street, const char *base, dc_house_iter *it);
uint32_t dc_house_next(const dc_register *reg, dc_house_iter *it);

static inline const char *dc_reg_str(const dc_register *reg, uint32_t off)
{
    return dc_strpool_get(&reg->pool, off);
}

/* A found street's house tags and display prefix are read next: their cache
 * misses overlap with the work in between instead of following one another. */
static inline void dc_street_prefetch(const dc_register *reg, uint32_t street)
{
    const dc_street *s = &reg->streets[street];

    const char *tags = (const char *)(reg->number_tags + s->first_house);
    size_t bytes = s->nhouses * sizeof *reg->number_tags, at;

    /* All of a long street's tags (the scan reads them all), up to 1 KB. */
    for (at = 0; at < bytes && at < 1024; at += 64)
        __builtin_prefetch(tags + at);
    __builtin_prefetch(dc_reg_str(reg, s->display));
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
    if (reg->point != NULL) {
        h.lat = reg->point[2 * (size_t)i];
        h.lon = reg->point[2 * (size_t)i + 1];
    } else if (r->lat_e7 == INT32_MIN) {
        h.lat = h.lon = (double)NAN;
    } else {
        h.lat = r->lat_e7 / 1e7;
        h.lon = r->lon_e7 / 1e7;
    }
    return h;
}

#endif
