/*
 * Helpers of the import tests (test_import.c, test_import_houses.c): files,
 * checksums, option lists and report messages.
 */
#ifndef DOMCOV_TEST_IMPORT_UTIL_H
#define DOMCOV_TEST_IMPORT_UTIL_H

#include "domcov.h"
#include "file_util.h"
#include "harness.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static inline char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL) {
        *len = fread(buf, 1, (size_t)n, f);
        buf[*len] = '\0';
    }
    fclose(f);
    return buf;
}

/* FNV-1a of the file's bytes; 0 for a missing file. */
static inline uint64_t checksum(const char *path)
{
    size_t len = 0, i;
    char *data = read_all(path, &len);
    uint64_t h = 1469598103934665603ULL;

    if (data == NULL)
        return 0;
    for (i = 0; i < len; i++)
        h = (h ^ (unsigned char)data[i]) * 1099511628211ULL;
    free(data);
    return h ^ len;
}

/* A temporary store file left in the scratch folder. */
static inline int leftover_temp(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;

    while (d && (e = readdir(d)) != NULL)
        found |= strstr(e->d_name, ".tmp-") != NULL;
    if (d)
        closedir(d);
    return found;
}

/* "key=value" from a space-separated list; NULL when absent.  Copies into buf. */
static inline const char *opt(const char *list, const char *key, char *buf, size_t size)
{
    size_t kl = strlen(key);
    const char *p = list;

    while (p && *p) {
        p += strspn(p, " ");
        if (strncmp(p, key, kl) == 0 && p[kl] == '=') {
            size_t n = strcspn(p + kl + 1, " ");
            if (n >= size)
                n = size - 1;
            memcpy(buf, p + kl + 1, n);
            buf[n] = '\0';
            return buf;
        }
        p = strchr(p, ' ');
    }
    return NULL;
}

static inline int has_message(const domcov_import_report *r, const char *text)
{
    int i;

    for (i = 0; r && i < r->message_count; i++)
        if (strstr(r->messages[i], text))
            return 1;
    return 0;
}

static inline void dump_messages(const domcov_import_report *r)
{
    int i;

    for (i = 0; r && i < r->message_count; i++)
        fprintf(stderr, "    | %s\n", r->messages[i]);
}

/* The exported feature with this id, from a parsed export. */
/* "read=N imported=N ..." (any of read, imported, updated, without_point, repaired, rejected,
 * deleted) against the report, or "-": no report. */
static inline void check_counts(harness *h, const domcov_import_report *r, const char *counts)
{
    static const char *const keys[] = {"read", "imported", "updated", "without_point",
                                       "repaired", "rejected", "deleted"};
    long long got[7];
    char buf[32];
    int i;

    if (strcmp(counts, "-") == 0) {
        if (r)
            harness_fail(h, "expected no report, got one");
        return;
    }
    if (r == NULL) {
        harness_fail(h, "expected a report, got none");
        return;
    }
    got[0] = r->read, got[1] = r->imported, got[2] = r->updated, got[3] = r->without_point;
    got[4] = r->repaired, got[5] = r->rejected, got[6] = r->deleted;
    for (i = 0; i < 7; i++)
        if (opt(counts, keys[i], buf, sizeof buf) && atoll(buf) != got[i])
            harness_fail(h, "%s: expected %s, got %lld", keys[i], buf, got[i]);
}

/* The next check of a ' ;; '-separated list, cut in place; NULL after the last. */
static inline char *next_check(char **rest)
{
    char *c = *rest, *end;

    if (c == NULL || *c == '\0')
        return NULL;
    end = strstr(c, " ;; ");
    if (end) {
        *end = '\0';
        *rest = end + 4;
    } else {
        *rest = NULL;
    }
    return c;
}

/* msg~TEXT (a report message has TEXT), nomsg~TEXT, err~TEXT (domcov_errmsg has it):
 * 1 when `c` is one of these and was checked, else 0. */
static inline int report_check(harness *h, const char *c, const domcov_import_report *r,
                               const char *errmsg)
{
    if (strncmp(c, "msg~", 4) == 0) {
        if (!has_message(r, c + 4)) {
            harness_fail(h, "no report message contains '%s'", c + 4);
            dump_messages(r);
        }
    } else if (strncmp(c, "nomsg~", 6) == 0) {
        if (has_message(r, c + 6))
            harness_fail(h, "a report message contains '%s'", c + 6);
    } else if (strncmp(c, "err~", 4) == 0) {
        if (strstr(errmsg, c + 4) == NULL)
            harness_fail(h, "error message '%s' lacks '%s'", errmsg, c + 4);
    } else {
        return 0;
    }
    return 1;
}

/* What every case of a table-driven import test works with. */
typedef struct import_test_ctx {
    const char *unit, *fixtures, *scratch;
    char store[1024];   /* SCRATCH/STORE_NAME: the store the cases import into */
} import_test_ctx;

/* The case's status against the expected name; the messages are shown when it differs. */
static inline void expect_status(harness *h, int status, const char *want, const char *errmsg,
                                 const domcov_import_report *r)
{
    if (strcmp(domcov_status_name(status), want) != 0) {
        harness_fail(h, "expected %s, got %s: %s", want, domcov_status_name(status), errmsg);
        dump_messages(r);
    }
}

/* main() of a table-driven import test: PROGRAM UNIT_STORE CASES FIXTURES_DIR SCRATCH_DIR. */
static inline int import_test_main(int argc, char **argv, const char *store_name,
                                   void (*run_case)(harness *, char **, int, void *))
{
    harness h = {0};
    import_test_ctx x;

    if (argc != 5) {
        fprintf(stderr, "usage: %s UNIT_STORE CASES FIXTURES_DIR SCRATCH_DIR\n", argv[0]);
        return 2;
    }
    x.unit = argv[1];
    x.fixtures = argv[3];
    x.scratch = argv[4];
    mkdir(x.scratch, 0755);
    snprintf(x.store, sizeof x.store, "%s/%s", x.scratch, store_name);
    if (harness_run_file(&h, argv[2], run_case, &x) != 0)
        return 2;
    return harness_finish(&h);
}

#endif
