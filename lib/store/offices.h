/* Offices and payment terminals held by an open store, for domcov_nearest_offices. */
#ifndef DC_OFFICES_H
#define DC_OFFICES_H

#include <sqlite3.h>
#include <stdint.h>

typedef struct domcov_db domcov_db;

typedef struct dc_office {
    char *ext_id, *name, *address, *hours;
    int kind;              /* DOMCOV_OFFICE_OFFICE / DOMCOV_OFFICE_TERMINAL */
    int32_t city;          /* index into the store's cities, -1 when none */
    double lat, lon;
    double u[3];           /* geocentric unit vector: a cheap lower bound of distances */
} dc_office;

/* Loads the offices table into db->offices, sorted by u[2] (cities must be loaded already). */
int dc_load_offices(sqlite3 *sq, domcov_db *db);
void dc_free_offices(domcov_db *db);

/* The unit vector from the Earth's centre towards the WGS84 point (geocentric direction). */
void dc_geocentric_unit(double lat, double lon, double u[3]);

#endif
