/* Robust orientation of a point against a segment, as GEOS computes it. */
#ifndef DC_ORIENT_H
#define DC_ORIENT_H

/*
 * Sign of the turn p1 -> p2 -> q: 1 left (counter-clockwise), -1 right,
 * 0 collinear.  Same algorithm as GEOS's CGAlgorithmsDD::orientationIndex
 * (a floating-point filter, then double-double arithmetic), so that our
 * point-in-polygon answers agree with GEOS on every boundary case.
 */
int dc_orientation(double p1x, double p1y, double p2x, double p2y, double qx, double qy);

#endif
