/* Loads a store's offices and payment terminals at domcov_open (for domcov_nearest_offices). */
#include "offices.h"

#include "error.h"
#include "store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* WGS84 first eccentricity squared: geodetic -> geocentric direction. */
#define WGS84_E2 0.0066943799901413165

void dc_geocentric_unit(double lat, double lon, double u[3])
{
    double phi = lat * M_PI / 180, lam = lon * M_PI / 180;
    double x = cos(phi) * cos(lam), y = cos(phi) * sin(lam), z = (1 - WGS84_E2) * sin(phi);
    double n = sqrt(x * x + y * y + z * z);

    u[0] = x / n;
    u[1] = y / n;
    u[2] = z / n;
}

static char *dup_col(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return strdup(t ? (const char *)t : "");
}

static int fail_read(sqlite3 *sq, const domcov_db *db)
{
    return dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s' cannot be read (offices table): %s", db->path,
                   sqlite3_errmsg(sq));
}

/* By geocentric z (the nearest-office search walks outward in z), then id for a stable order. */
static int cmp_z(const void *a, const void *b)
{
    const dc_office *x = a, *y = b;

    if (x->u[2] != y->u[2])
        return x->u[2] < y->u[2] ? -1 : 1;
    return strcmp(x->ext_id, y->ext_id);
}

int dc_load_offices(sqlite3 *sq, domcov_db *db)
{
    sqlite3_stmt *st = NULL;
    long long n = 0;
    int rc, status = DOMCOV_OK;

    if (sqlite3_prepare_v2(sq, "SELECT count(*) FROM offices", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        status = fail_read(sq, db);
        goto cleanup;
    }
    n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if ((db->offices = calloc((size_t)n + 1, sizeof *db->offices)) == NULL) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for %lld offices", n);
        goto cleanup;
    }
    if (sqlite3_prepare_v2(sq, "SELECT ext_id, kind, name, address, hours, city_id, lat, lon "
                               "FROM offices ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
        status = fail_read(sq, db);
        goto cleanup;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && db->noffices < (uint32_t)n) {
        dc_office *o = &db->offices[db->noffices++];
        const char *kind = (const char *)sqlite3_column_text(st, 1);

        o->ext_id = dup_col(st, 0);
        o->name = dup_col(st, 2);
        o->address = dup_col(st, 3);
        o->hours = dup_col(st, 4);
        if (!o->ext_id || !o->name || !o->address || !o->hours) {
            status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        o->kind = kind && strcmp(kind, "office") == 0     ? DOMCOV_OFFICE_OFFICE
                  : kind && strcmp(kind, "terminal") == 0 ? DOMCOV_OFFICE_TERMINAL
                                                          : DOMCOV_OFFICE_ANY;
        o->city = sqlite3_column_type(st, 5) == SQLITE_NULL
                      ? -1
                      : dc_store_city_by_id(db, sqlite3_column_int64(st, 5));
        o->lat = sqlite3_column_double(st, 6);
        o->lon = sqlite3_column_double(st, 7);
        /* The schema's CHECKs guarantee this in a store we wrote; a damaged one must not mislead. */
        if (o->kind == DOMCOV_OFFICE_ANY || !isfinite(o->lat) || !isfinite(o->lon) || fabs(o->lat) > 90 ||
            fabs(o->lon) > 180) {
            status = dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': office '%s' has kind '%s' or "
                             "coordinates (%g, %g) out of range", db->path, o->ext_id,
                             kind ? kind : "NULL", o->lat, o->lon);
            goto cleanup;
        }
        dc_geocentric_unit(o->lat, o->lon, o->u);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = fail_read(sq, db);
    else
        qsort(db->offices, db->noffices, sizeof *db->offices, cmp_z);
cleanup:
    sqlite3_finalize(st);
    return status;
}

void dc_free_offices(domcov_db *db)
{
    uint32_t i;

    for (i = 0; i < db->noffices; i++) {
        free(db->offices[i].ext_id);
        free(db->offices[i].name);
        free(db->offices[i].address);
        free(db->offices[i].hours);
    }
    free(db->offices);
    db->offices = NULL;
    db->noffices = 0;
}
