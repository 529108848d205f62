/*
 * Minimal harness for the table-driven C tests: reads a TSV case file line by
 * line (skipping blank lines and # comments), counts passes and failures and
 * prints the closing "N passed, N failed" line.
 */
#ifndef DOMCOV_TEST_HARNESS_H
#define DOMCOV_TEST_HARNESS_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct harness {
    const char *file;
    unsigned long line;
    int passed, failed;
    int case_failed;
} harness;

/* Splits a line on tabs in place; returns the number of columns. */
static inline int harness_split(char *line, char **cols, int max)
{
    int n = 0;
    char *p = line;

    line[strcspn(line, "\r\n")] = '\0';
    while (n < max) {
        cols[n++] = p;
        p = strchr(p, '\t');
        if (p == NULL)
            break;
        *p++ = '\0';
    }
    return n;
}

static inline void harness_fail(harness *h, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s:%lu: ", h->file, h->line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    h->case_failed = 1;
}

static inline void harness_begin_case(harness *h)
{
    h->case_failed = 0;
}

static inline void harness_end_case(harness *h)
{
    if (h->case_failed)
        h->failed++;
    else
        h->passed++;
}

static inline int harness_finish(const harness *h)
{
    printf("%d passed, %d failed\n", h->passed, h->failed);
    return h->failed || h->passed == 0 ? 1 : 0;
}

/* Calls fn(h, cols, ncols, ctx) for each case line; returns 0 or -1 if the file cannot be read. */
static inline int harness_run_file(harness *h, const char *path,
                                   void (*fn)(harness *, char **, int, void *), void *ctx)
{
    FILE *f = fopen(path, "r");
    char buf[65536];
    char *cols[16];

    if (f == NULL) {
        perror(path);
        return -1;
    }
    h->file = path;
    h->line = 0;
    while (fgets(buf, sizeof buf, f)) {
        int n;
        h->line++;
        if (buf[0] == '#' || buf[0] == '\n' || buf[0] == '\0')
            continue;
        n = harness_split(buf, cols, 16);
        harness_begin_case(h);
        fn(h, cols, n, ctx);
        harness_end_case(h);
    }
    fclose(f);
    return 0;
}

#endif
