/* Geodesic distances on WGS84 (Karney's algorithm from PROJ's geodesic.h). */
#ifndef DC_GEODESIC_H
#define DC_GEODESIC_H

/* Distance in metres; the arguments must already be valid coordinates. */
double dc_geodesic_m(double lat1, double lon1, double lat2, double lon2);

/* 1 when lat/lon are finite and within range. */
int dc_valid_lat_lon(double lat, double lon);

/* Earth-centred (ECEF) metres of a point on the WGS84 ellipsoid. */
void dc_ecef(double lat, double lon, double xyz[3]);

/*
 * A lower bound of the geodesic distance between two points given in
 * ECEF: the straight chord, which no path on the surface can beat (less
 * a hair for rounding).  Lets a search skip the costly geodesic.
 */
double dc_chord_lower_bound_m(const double a[3], const double b[3]);

#endif
