/*
 * File helpers shared by the C tests: copies of a store (whole, or its first
 * bytes for a truncated fixture).
 */
#ifndef DOMCOV_TEST_FILE_UTIL_H
#define DOMCOV_TEST_FILE_UTIL_H

#include <stdio.h>

/* Copies the first `limit` bytes of `from` to `to` (all of it when limit is -1).  0 when
 * done; -1 when `from` cannot be opened (then `to` is left alone) or `to` cannot be written. */
static inline int copy_file_prefix(const char *from, const char *to, long limit)
{
    FILE *in = fopen(from, "rb"), *out;
    char buf[65536];
    size_t n;
    long total = 0;
    int ok;

    if (in == NULL)
        return -1;
    out = fopen(to, "wb");
    ok = out != NULL;
    while (ok && (limit < 0 || total < limit) && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (limit >= 0 && total + (long)n > limit)
            n = (size_t)(limit - total);
        ok = fwrite(buf, 1, n, out) == n;
        total += (long)n;
    }
    fclose(in);
    if (out)
        ok &= fclose(out) == 0;
    return ok ? 0 : -1;
}

/* Copies the file `from` to `to`: 0 when done, -1 when not. */
static inline int copy_file(const char *from, const char *to)
{
    return copy_file_prefix(from, to, -1);
}

#endif
