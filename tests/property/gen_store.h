/*
 * A generated coverage store for the property test and the benchmark:
 * random-ish star polygons (about 110 vertices, some with holes, some
 * multipolygons) over a 30 x 30 km city, plus a few rectangles on a
 * coarse lattice so that zones share edges and vertices exactly.
 * Written as GeoJSON + cities.csv and built with domcov_build_store,
 * the same path real stores take.
 */
#ifndef DC_GEN_STORE_H
#define DC_GEN_STORE_H

/*
 * Builds the store at store_path from sources written under work_dir
 * (created if needed): nzones zones over a side_m x side_m square whose
 * south-west corner is (GEN_LAT0, GEN_LON0).  0, or -1 with a message on
 * stderr.
 */
int gen_store(const char *work_dir, const char *store_path, int nzones, double side_m,
              unsigned seed);

#define GEN_LAT0 57.95
#define GEN_LON0 56.05
#define GEN_SIZE_M 30000.0 /* the usual side: a city */

#endif
