/* Geodesic distances on WGS84 through PROJ's implementation of Karney's algorithm. */
#include "geodesic.h"

#include "error.h"

#include <geodesic.h>
#include <math.h>
#include <pthread.h>

static struct geod_geodesic wgs84;
static pthread_once_t wgs84_once = PTHREAD_ONCE_INIT;

static void init_wgs84(void)
{
    geod_init(&wgs84, 6378137.0, 1 / 298.257223563);
}

double dc_geodesic_m(double lat1, double lon1, double lat2, double lon2)
{
    double s12 = 0;

    /* geod_inverse only reads the initialised struct, so threads may share it. */
    pthread_once(&wgs84_once, init_wgs84);
    geod_inverse(&wgs84, lat1, lon1, lat2, lon2, &s12, NULL, NULL);
    return s12;
}

void dc_ecef(double lat, double lon, double xyz[3])
{
    const double a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f);
    double phi = lat * M_PI / 180.0, lam = lon * M_PI / 180.0;
    double n = a / sqrt(1 - e2 * sin(phi) * sin(phi));

    xyz[0] = n * cos(phi) * cos(lam);
    xyz[1] = n * cos(phi) * sin(lam);
    xyz[2] = n * (1 - e2) * sin(phi);
}

double dc_chord_lower_bound_m(const double a[3], const double b[3])
{
    double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];

    /* Rounding of coordinates near 6.4e6 m is about 1e-9 m; keep well clear of it. */
    return sqrt(dx * dx + dy * dy + dz * dz) * (1 - 1e-9) - 1e-3;
}

int dc_valid_lat_lon(double lat, double lon)
{
    return isfinite(lat) && isfinite(lon) && lat >= -90.0 && lat <= 90.0 && lon >= -180.0 &&
           lon <= 180.0;
}

int domcov_distance_m(double lat1, double lon1, double lat2, double lon2, double *out_m)
{
    dc_clear_error();
    if (out_m == NULL)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "out_m is NULL");
    *out_m = -1;
    if (!dc_valid_lat_lon(lat1, lon1))
        return dc_fail(NULL, DOMCOV_ERR_ARG,
                       "first point (lat %g, lon %g) is not a valid coordinate", lat1, lon1);
    if (!dc_valid_lat_lon(lat2, lon2))
        return dc_fail(NULL, DOMCOV_ERR_ARG,
                       "second point (lat %g, lon %g) is not a valid coordinate", lat2, lon2);
    *out_m = dc_geodesic_m(lat1, lon1, lat2, lon2);
    return DOMCOV_OK;
}
