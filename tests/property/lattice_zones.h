/*
 * Zones made in memory on a coarse lattice (no store, no GEOS): rectangles,
 * rectangles with holes, two-part multipolygons and staircases whose edges
 * and vertices coincide all the time, and land on the index's cell lines
 * and centres.  The hard cases for the point index, with dc_mpoly_locate
 * as the reference.
 */
#ifndef DC_LATTICE_ZONES_H
#define DC_LATTICE_ZONES_H

#include "geo/polygon.h"

/*
 * n zones over [x0, x0 + size] x [y0, y0 + size] on a lattice of step
 * size / steps (steps >= 64), each 2 to 2 + maxw steps wide (maxw >= 4);
 * NULL when out of memory.
 */
dc_mpoly *lattice_zones(int n, double x0, double y0, double size, int steps, int maxw,
                        unsigned seed);
void lattice_zones_free(dc_mpoly *z, int n);

#endif
