/*
 * xorshift64*: a reproducible random stream for the tests and benchmarks, so
 * every run checks (or measures) the same points.  Reseed by assigning rng.
 * Header-only; one stream per program.
 */
#ifndef DOMCOV_TEST_RANDOM_H
#define DOMCOV_TEST_RANDOM_H

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;

/* Uniform in [0, 1). */
static double rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (double)((rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

#endif
