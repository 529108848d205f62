/*
 * Orientation index with GEOS's filter and double-double fallback.
 *
 * Why not plain doubles: a point on (or a hair off) a zone edge must get the
 * same answer as GEOS, and the naive determinant flips sign on nearly
 * collinear points.  The double-double product below is exact for the
 * differences GEOS computes, which is what GEOS's DD class does too.
 */
#include "orient.h"

#include <math.h>

typedef struct dd {
    double hi, lo;
} dd;

static int sign_of(double x)
{
    return (x > 0) - (x < 0);
}

/* Exact sum of two doubles as a double-double (Knuth's TwoSum). */
static dd two_sum(double a, double b)
{
    dd r;
    double bv;

    r.hi = a + b;
    bv = r.hi - a;
    r.lo = (a - (r.hi - bv)) + (b - bv);
    return r;
}

static dd dd_add(dd a, dd b)
{
    dd s = two_sum(a.hi, b.hi);
    dd t = two_sum(a.lo, b.lo);
    double hi, lo;

    s.lo += t.hi;
    hi = s.hi + s.lo;
    lo = s.lo - (hi - s.hi);
    lo += t.lo;
    s.hi = hi + lo;
    s.lo = lo - (s.hi - hi);
    return s;
}

static dd dd_neg(dd a)
{
    dd r = {-a.hi, -a.lo};
    return r;
}

/* Double-double product; fma gives the exact low part of hi*hi. */
static dd dd_mul(dd a, dd b)
{
    dd r;
    double p = a.hi * b.hi;
    double e = fma(a.hi, b.hi, -p);

    e += a.hi * b.lo + a.lo * b.hi;
    r.hi = p + e;
    r.lo = e - (r.hi - p);
    return r;
}

static dd dd_diff(double a, double b)
{
    return two_sum(a, -b);
}

/* The exact part of GEOS's orientationIndex: what the filter in orient.h could not decide. */
int dc_orientation_dd(double p1x, double p1y, double p2x, double p2y, double qx, double qy)
{
    dd dx1 = dd_diff(p2x, p1x), dy1 = dd_diff(p2y, p1y);
    dd dx2 = dd_diff(qx, p2x), dy2 = dd_diff(qy, p2y);
    dd det = dd_add(dd_mul(dx1, dy2), dd_neg(dd_mul(dy1, dx2)));

    return det.hi != 0 ? sign_of(det.hi) : sign_of(det.lo);
}

int dc_orientation(double p1x, double p1y, double p2x, double p2y, double qx, double qy)
{
    return dc_orient(p1x, p1y, p2x, p2y, qx, qy);
}
