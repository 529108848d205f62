/*
 * Runs the normalizer over real address registers and reports how many rows
 * yield a street and a house, the most common shapes of rows that do not,
 * and the single-thread throughput.  The files are read at run time (they
 * stay in ../shared/data; nothing is copied into the project):
 *
 *   normalize_survey [-v] FILE.csv...
 *
 * FILE.csv has the reformagkh columns house_id,address,...; -v prints every
 * row that misses a street or a house.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domcov.h"

#define MAX_ROWS 100000
#define MAX_SHAPES 4096
#define SHAPE_LEN 160

typedef struct shape {
    char text[SHAPE_LEN];
    char example[512];
    int count;
} shape;

/* The address column (second, usually quoted) of a CSV line; NULL if none. */
static char *address_of(char *line)
{
    char *p = strchr(line, ',');
    char *start = NULL, *end;

    if (p == NULL)
        goto cleanup;
    p++;
    if (*p == '"') {
        start = ++p;
        end = start;
        while (*end && !(end[0] == '"' && end[1] != '"'))
            end += end[0] == '"' ? 2 : 1;
    } else {
        start = p;
        end = strchr(start, ',');
        if (end == NULL)
            end = start + strlen(start);
    }
    *end = '\0';
cleanup:
    return start;
}

/* Abstracts a row: letters → W (long words) or kept (short keywords), digits → N. */
static void shape_of(const char *s, char *out, size_t cap)
{
    size_t o = 0;

    while (*s && o + 4 < cap) {
        unsigned char c = (unsigned char)*s;

        if (c >= '0' && c <= '9') {
            while (*s >= '0' && *s <= '9')
                s++;
            out[o++] = 'N';
        } else if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            const char *w = s;
            size_t letters = 0;

            while (*s && ((unsigned char)*s >= 0x80 || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))) {
                if (((unsigned char)*s & 0xC0) != 0x80)
                    letters++;
                s++;
            }
            if (letters > 5) {
                out[o++] = 'W';
            } else {
                size_t n = (size_t)(s - w);

                if (o + n + 1 >= cap)
                    break;
                memcpy(out + o, w, n);
                o += n;
            }
        } else {
            out[o++] = (char)c;
            s++;
        }
    }
    out[o] = '\0';
}

static void add_shape(shape *shapes, int *n, const char *text, const char *example)
{
    int i;

    for (i = 0; i < *n; i++)
        if (strcmp(shapes[i].text, text) == 0)
            break;
    if (i == *n) {
        if (*n >= MAX_SHAPES)
            return;
        snprintf(shapes[i].text, SHAPE_LEN, "%s", text);
        snprintf(shapes[i].example, sizeof shapes[i].example, "%s", example);
        shapes[i].count = 0;
        (*n)++;
    }
    shapes[i].count++;
}

static int by_count(const void *a, const void *b)
{
    return ((const shape *)b)->count - ((const shape *)a)->count;
}

/*
 * The house number the register wrote after its last "д. " as the normalizer
 * should give it ("15А/1" → "15/1": the letter goes to its own part), or ""
 * when none.
 */
static void register_house(const char *row, char *out, size_t cap)
{
    const char *p = row, *last = NULL;
    size_t n = 0;

    while ((p = strstr(p, "д. ")) != NULL) {
        if ((p == row || p[-1] == ' ') && p[strlen("д. ")] >= '0' && p[strlen("д. ")] <= '9')
            last = p + strlen("д. ");
        p += strlen("д. ");
    }
    while (last != NULL && n + 1 < cap && *last >= '0' && *last <= '9')
        out[n++] = *last++;
    while (last != NULL && ((unsigned char)last[0] == 0xD0 || (unsigned char)last[0] == 0xD1))
        last += 2;
    if (last != NULL && last[0] == '/' && last[1] >= '0' && last[1] <= '9') {
        do
            out[n++] = *last++;
        while (n + 1 < cap && *last >= '0' && *last <= '9');
    }
    out[n] = '\0';
}

/* CPU time of this thread: the figure stays meaningful on a busy machine. */
static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int survey(const char *path, int verbose)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    char **rows = calloc(MAX_ROWS, sizeof *rows);
    shape *shapes = calloc(MAX_SHAPES, sizeof *shapes);
    int nrows = 0, nshapes = 0, street_house = 0, street = 0, house = 0, errors = 0, passes = 0;
    int wrong_house = 0;
    double t0, elapsed;
    long calls = 0;
    int rc = 1;

    if (f == NULL || rows == NULL || shapes == NULL) {
        fprintf(stderr, "cannot read %s\n", path);
        goto cleanup;
    }
    if (fgets(line, sizeof line, f) == NULL) /* header */
        line[0] = '\0';
    while (nrows < MAX_ROWS && fgets(line, sizeof line, f) != NULL) {
        char *a = address_of(line);

        if (a != NULL)
            rows[nrows++] = strdup(a);
    }
    fclose(f);
    f = NULL;
    for (int i = 0; i < nrows; i++) {
        domcov_address *a = NULL;
        int st = domcov_normalize(rows[i], &a);

        if (st != DOMCOV_OK) {
            errors++;
            continue;
        }
        street += a->street != NULL;
        house += a->house != NULL;
        {
            char want[64];

            register_house(rows[i], want, sizeof want);
            if (want[0] != '\0' && (a->house == NULL || strcmp(a->house, want) != 0)) {
                wrong_house++;
                if (verbose)
                    printf("HOUSE\t%s\t%s\n", rows[i], a->canonical);
            }
        }
        if (a->street != NULL && a->house != NULL) {
            street_house++;
        } else {
            char sh[SHAPE_LEN];

            shape_of(rows[i], sh, sizeof sh);
            add_shape(shapes, &nshapes, sh, rows[i]);
            if (verbose)
                printf("MISS\t%s\t%s\n", rows[i], a->canonical);
        }
        domcov_address_free(a);
    }
    /* Throughput: repeat the whole file for at least a second of CPU, one thread. */
    t0 = now();
    do {
        for (int i = 0; i < nrows; i++) {
            domcov_address *a = NULL;

            if (domcov_normalize(rows[i], &a) == DOMCOV_OK)
                domcov_address_free(a);
            calls++;
        }
        passes++;
        elapsed = now() - t0;
    } while (elapsed < 1.0);
    qsort(shapes, (size_t)nshapes, sizeof *shapes, by_count);
    printf("%s\n  rows %d, errors %d\n", path, nrows, errors);
    printf("  street+house %d (%.2f%%), street %.2f%%, house %.2f%%\n", street_house,
           nrows ? 100.0 * street_house / nrows : 0.0, nrows ? 100.0 * street / nrows : 0.0,
           nrows ? 100.0 * house / nrows : 0.0);
    printf("  house differs from the register's \"д. N\": %d rows\n", wrong_house);
    printf("  throughput %.0f addresses/s (%ld calls in %.2f s of CPU, one thread)\n", (double)calls / elapsed,
           calls, elapsed);
    printf("  top patterns without street or house:\n");
    for (int i = 0; i < nshapes && i < 15; i++)
        printf("    %5d  %s\n           e.g. %s\n", shapes[i].count, shapes[i].text, shapes[i].example);
    rc = 0;
cleanup:
    if (f != NULL)
        fclose(f);
    for (int i = 0; rows != NULL && i < nrows; i++)
        free(rows[i]);
    free(rows);
    free(shapes);
    return rc;
}

int main(int argc, char **argv)
{
    int verbose = 0, rc = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else
            rc |= survey(argv[i], verbose);
    }
    if (argc < 2) {
        fprintf(stderr, "usage: %s [-v] FILE.csv...\n", argv[0]);
        rc = 2;
    }
    return rc;
}
