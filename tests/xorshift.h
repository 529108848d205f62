/*
 * xorshift64 (shifts 13, 7, 17) with the state in the caller's hands: each
 * thread of the thread tests (test_threads.c, reliability/) walks its own
 * reproducible stream.  Header-only.
 */
#ifndef DOMCOV_TEST_XORSHIFT_H
#define DOMCOV_TEST_XORSHIFT_H

/* The next number of the stream at *x (a nonzero seed). */
static inline unsigned long long xorshift64(unsigned long long *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* The next number of the stream at *x, as a double in [0, 1). */
static inline double xorshift64_unit(unsigned long long *x)
{
    return (double)(xorshift64(x) >> 11) / 9007199254740992.0;
}

/* u in [0, 1) to a coordinate over lo..hi padded by 20% on either side. */
static inline double padded_coord(double lo, double hi, double u)
{
    return lo + (u * 1.4 - 0.2) * (hi - lo);
}

#endif
