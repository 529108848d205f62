/* Robust orientation of a point against a segment, as GEOS computes it. */
#ifndef DC_ORIENT_H
#define DC_ORIENT_H

/* GEOS: DP_SAFE_EPSILON in CGAlgorithmsDD.cpp */
#define DC_DP_SAFE_EPSILON 1e-15

/* The double-double evaluation, for when the filter below cannot tell. */
int dc_orientation_dd(double p1x, double p1y, double p2x, double p2y, double qx, double qy);

/*
 * Sign of the turn p1 -> p2 -> q: 1 left (counter-clockwise), -1 right,
 * 0 collinear.  Same algorithm as GEOS's CGAlgorithmsDD::orientationIndex
 * (a floating-point filter, then double-double arithmetic), so that our
 * point-in-polygon answers agree with GEOS on every boundary case.
 *
 * Inline because the point index calls it a few times per lookup; the
 * filter decides almost always and the rare rest goes to the DD code.
 * Each product is its own statement so no compiler contracts it into an
 * FMA (C11 mode leaves contraction off; GEOS is built without it too).
 */
static inline int dc_orient(double p1x, double p1y, double p2x, double p2y, double qx, double qy)
{
    double detleft = (p1x - qx) * (p2y - qy);
    double detright = (p1y - qy) * (p2x - qx);
    double det = detleft - detright;
    double detsum;
    int index = 2;

    if (detleft > 0.0) {
        if (detright <= 0.0)
            index = (det > 0) - (det < 0);
        detsum = detleft + detright;
    } else if (detleft < 0.0) {
        if (detright >= 0.0)
            index = (det > 0) - (det < 0);
        detsum = -detleft - detright;
    } else {
        index = (det > 0) - (det < 0);
        detsum = 0;
    }
    if (index == 2 && (det >= DC_DP_SAFE_EPSILON * detsum || -det >= DC_DP_SAFE_EPSILON * detsum))
        index = (det > 0) - (det < 0);
    if (index == 2)
        index = dc_orientation_dd(p1x, p1y, p2x, p2y, qx, qy);
    return index;
}

/* dc_orient, out of line. */
int dc_orientation(double p1x, double p1y, double p2x, double p2y, double qx, double qy);

#endif
