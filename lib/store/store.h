/* The in-memory snapshot of a coverage store behind a domcov_db handle. */
#ifndef DC_STORE_H
#define DC_STORE_H

#include "domcov.h"
#include "geo/polygon.h"
#include "geo/zone_index.h"
#include "store/offices.h"
#include "match/register.h"

#include <stdint.h>

enum { DC_CITY_LEN_CODE, DC_CITY_LEN_NAME, DC_CITY_LEN_TYPE, DC_CITY_LEN_REGION, DC_CITY_LEN_SUPPORT,
       DC_CITY_LEN_SALES };

typedef struct dc_city {
    int64_t id;            /* row id in the store */
    char *code, *name, *type, *region, *support_phone, *sales_phone, *timezone;
    /* strlen of code, name, type, region, support_phone, sales_phone: every result
     * that names the city copies them (DC_CITY_LEN_* index it). */
    size_t len[6];
    double lat, lon;
} dc_city;

typedef struct dc_zone {
    char *zone_id, *technology, *name;
    size_t zone_id_len, technology_len, name_len; /* strlen of each (0 for NULL): set at open, every check copies them */
    int service;           /* enum domcov_service */
    int status;            /* DOMCOV_ZONE_ACTIVE / DOMCOV_ZONE_PLANNED */
    int32_t city;          /* index into cities, -1 when none */
    int tech_rank;         /* lower is better when zones overlap */
    dc_mpoly geom;
} dc_zone;

struct domcov_db {
    char *path;
    int format_version;
    char *data_version, *built_at, *source;
    long long count_streets, count_houses, count_houses_with_point, count_offices;

    dc_city *cities;
    uint32_t ncities;
    dc_zone *zones;
    uint32_t nzones;
    dc_zone_index zone_index;
    uint32_t *zone_rank;      /* position of each zone in the order results list them */
    double *city_xyz;         /* ECEF metres of each city centre, 3 per city */
    dc_office *offices;       /* offices and terminals (load_offices.c) */
    uint32_t noffices;
    dc_register reg;          /* streets and houses for the address matcher */
};

/* Builds what point queries use (zone index, ranks, ...): after zones and cities are loaded. */
int dc_point_prepare(domcov_db *db);
void dc_point_release(domcov_db *db);

struct dc_packer;
/* Copies the city's strings into a result being packed (packer.h) and points
 * out's strings at the copies; out may be NULL while measuring.  The match
 * and distance members are the caller's (lib/cities.c). */
void dc_city_pack(struct dc_packer *p, const dc_city *c, domcov_city *out);

/* Index of the city with this store row id, or -1. */
int32_t dc_store_city_by_id(const domcov_db *db, int64_t id);

/* Preference among overlapping zones of one service: fibre first. */
int dc_technology_rank(const char *technology);

#endif
