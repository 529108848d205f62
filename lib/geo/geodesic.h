/* Geodesic distances on WGS84 (Karney's algorithm from PROJ's geodesic.h). */
#ifndef DC_GEODESIC_H
#define DC_GEODESIC_H

/* Distance in metres; the arguments must already be valid coordinates. */
double dc_geodesic_m(double lat1, double lon1, double lat2, double lon2);

/* 1 when lat/lon are finite and within range. */
int dc_valid_lat_lon(double lat, double lon);

#endif
