/* Case-driven test of the CSV reader.
 *
 * Every NAME.csv in the case folder comes with NAME.expected: optional
 * directives first ("# max=N" for max_record_bytes, "# delim=X" to force the
 * delimiter, "# detected=X" to check the one in use; X may be \t), then one
 * line per record: "line<TAB>nfields<TAB>field1|field2|..." with | \n \r \t \\
 * escaped by a backslash in the fields, or "line<TAB>ERROR<TAB>substring of
 * the reason".  Each case is read from memory, from a FILE, and from a FILE
 * in chunks of 1, 2, 3, 5 and 64 bytes, which puts a chunk boundary at every
 * place a record can be cut.  From memory, the raw bytes are also checked to
 * cover the input: between two records there is exactly one line break. */
#include "lib/util/csv.h"
#include "lib/util/strbuf.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long passed, failed;

typedef struct expect {
    size_t max;
    char delim, detected;
    char **lines;            /* expected record lines */
    unsigned long *linenos;  /* their line numbers in the .expected file */
    size_t n;
} expect;

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    dc_strbuf sb = DC_STRBUF_INIT;
    char chunk[4096];
    size_t n;

    if (f == NULL)
        return NULL;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        dc_strbuf_append(&sb, chunk, n);
    fclose(f);
    *len = sb.len;
    return dc_strbuf_take(&sb);
}

static char parse_char(const char *s)
{
    return strcmp(s, "\\t") == 0 ? '\t' : s[0];
}

static int read_expect(const char *path, expect *e)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;

    memset(e, 0, sizeof *e);
    if (f == NULL)
        return -1;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (strncmp(line, "# max=", 6) == 0) {
            e->max = strtoul(line + 6, NULL, 10);
        } else if (strncmp(line, "# delim=", 8) == 0) {
            e->delim = parse_char(line + 8);
        } else if (strncmp(line, "# detected=", 11) == 0) {
            e->detected = parse_char(line + 11);
        } else if (line[0] != '#') {
            e->lines = realloc(e->lines, (e->n + 1) * sizeof *e->lines);
            e->linenos = realloc(e->linenos, (e->n + 1) * sizeof *e->linenos);
            if (e->lines == NULL || e->linenos == NULL)
                abort();
            e->lines[e->n] = strdup(line);
            e->linenos[e->n++] = lineno;
        }
    }
    free(line);
    fclose(f);
    return 0;
}

static void free_expect(expect *e)
{
    size_t i;

    for (i = 0; i < e->n; i++)
        free(e->lines[i]);
    free(e->lines);
    free(e->linenos);
}

/* The record in the .expected format. */
static void format_record(dc_strbuf *sb, const dc_csv_record *rec)
{
    size_t i, k;

    dc_strbuf_clear(sb);
    if (rec->error != NULL) {
        dc_strbuf_printf(sb, "%llu\tERROR\t%s", rec->line, rec->error);
        return;
    }
    dc_strbuf_printf(sb, "%llu\t%zu\t", rec->line, rec->nfields);
    for (i = 0; i < rec->nfields; i++) {
        if (i > 0)
            dc_strbuf_putc(sb, '|');
        if (strlen(rec->fields[i]) != rec->lengths[i])
            dc_strbuf_puts(sb, "<length mismatch>");
        for (k = 0; k < rec->lengths[i]; k++) {
            char c = rec->fields[i][k];
            switch (c) {
            case '|': dc_strbuf_puts(sb, "\\|"); break;
            case '\\': dc_strbuf_puts(sb, "\\\\"); break;
            case '\n': dc_strbuf_puts(sb, "\\n"); break;
            case '\r': dc_strbuf_puts(sb, "\\r"); break;
            case '\t': dc_strbuf_puts(sb, "\\t"); break;
            default: dc_strbuf_putc(sb, c); break;
            }
        }
    }
}

static int matches(const char *want, const char *got)
{
    const char *tab1 = strchr(want, '\t');

    if (tab1 != NULL && strncmp(tab1 + 1, "ERROR\t", 6) == 0) {
        size_t head = (size_t)(tab1 - want) + 7; /* "line\tERROR\t" */
        return strncmp(want, got, head) == 0 && strstr(got + head, want + head) != NULL;
    }
    return strcmp(want, got) == 0;
}

/* Between two records lies exactly one line break, and before the first one
 * at most a BOM; after a truncated record anything may have been skipped. */
static const char *check_raw(const char *data, size_t len, size_t *prev_end, int *after_trunc,
                             int first, const dc_csv_record *rec)
{
    size_t off, gap;
    const char *g;

    if (rec == NULL) { /* end of input */
        gap = len - *prev_end;
        g = data + *prev_end;
        if (*after_trunc || gap == 0 || (gap == 1 && (*g == '\n' || *g == '\r'))
            || (gap == 2 && memcmp(g, "\r\n", 2) == 0) || (first && gap == 3))
            return NULL;
        return "bytes after the last record are in no record";
    }
    if (rec->raw < data || rec->raw + rec->raw_len > data + len)
        return "raw outside the input";
    off = (size_t)(rec->raw - data);
    if (off < *prev_end)
        return "raw overlaps the previous record";
    gap = off - *prev_end;
    g = data + *prev_end;
    if (!*after_trunc) {
        int ok = first ? (gap == 0 || (gap == 3 && memcmp(g, "\xEF\xBB\xBF", 3) == 0))
                       : ((gap == 1 && (*g == '\n' || *g == '\r'))
                          || (gap == 2 && memcmp(g, "\r\n", 2) == 0));
        if (!ok)
            return "bytes between records are not one line break";
    }
    *prev_end = off + rec->raw_len;
    *after_trunc = rec->error != NULL && strstr(rec->error, "longer than") != NULL;
    return NULL;
}

/* Reads the case in one mode; returns 0 or prints the first difference. */
static int run_mode(const char *name, const char *exp_path, const char *csv_path,
                    const char *data, size_t len, const expect *e, int mode, size_t chunk)
{
    dc_csv_options opt = {e->delim, e->max};
    dc_csv_reader *r = NULL;
    dc_csv_record rec;
    dc_strbuf got = DC_STRBUF_INIT;
    FILE *f = NULL;
    size_t i = 0, prev_end = 0;
    unsigned long long last_index = 0;
    int rc, ok = 0, after_trunc = 0;
    const char *bad = NULL;
    char label[48];

    if (mode == 0) {
        snprintf(label, sizeof label, "memory");
        rc = dc_csv_open_memory(data, len, &opt, &r);
    } else {
        f = fopen(csv_path, "rb");
        if (f == NULL) {
            printf("%s: cannot open %s\n", name, csv_path);
            goto cleanup;
        }
        if (chunk == 0) {
            snprintf(label, sizeof label, "file");
            rc = dc_csv_open_file(f, &opt, &r);
        } else {
            snprintf(label, sizeof label, "file, chunk %zu", chunk);
            rc = dc_csv_open_file_chunked(f, &opt, chunk, &r);
        }
    }
    if (rc != 0) {
        printf("%s: [%s] open failed\n", exp_path, label);
        goto cleanup;
    }
    if (e->detected != 0 && dc_csv_delimiter(r) != e->detected) {
        printf("%s: [%s] expected delimiter 0x%02x, got 0x%02x\n", exp_path, label,
               (unsigned char)e->detected, (unsigned char)dc_csv_delimiter(r));
        goto cleanup;
    }
    while ((rc = dc_csv_next(r, &rec)) == 1) {
        format_record(&got, &rec);
        if (i >= e->n) {
            printf("%s: [%s] unexpected extra record: %s\n", exp_path, label, got.data);
            goto cleanup;
        }
        if (!matches(e->lines[i], got.data)) {
            printf("%s:%lu: [%s] expected \"%s\", got \"%s\"\n", exp_path, e->linenos[i], label,
                   e->lines[i], got.data);
            goto cleanup;
        }
        if (rec.index != last_index + 1) {
            printf("%s:%lu: [%s] record index %llu after %llu\n", exp_path, e->linenos[i], label,
                   rec.index, last_index);
            goto cleanup;
        }
        last_index = rec.index;
        if (mode == 0 && (bad = check_raw(data, len, &prev_end, &after_trunc, i == 0, &rec)) != NULL) {
            printf("%s:%lu: [%s] %s\n", exp_path, e->linenos[i], label, bad);
            goto cleanup;
        }
        i++;
    }
    if (rc < 0) {
        printf("%s: [%s] read error\n", exp_path, label);
        goto cleanup;
    }
    if (i < e->n) {
        printf("%s:%lu: [%s] expected \"%s\", got end of input\n", exp_path, e->linenos[i], label,
               e->lines[i]);
        goto cleanup;
    }
    if (mode == 0 && (bad = check_raw(data, len, &prev_end, &after_trunc, i == 0, NULL)) != NULL) {
        printf("%s: [%s] %s\n", exp_path, label, bad);
        goto cleanup;
    }
    if (dc_csv_next(r, &rec) != 0) {
        printf("%s: [%s] a call after the end did not return 0\n", exp_path, label);
        goto cleanup;
    }
    ok = 1;
cleanup:
    dc_csv_close(r);
    if (f != NULL)
        fclose(f);
    dc_strbuf_free(&got);
    return ok ? 0 : -1;
}

static void run_case(const char *dir, const char *name)
{
    static const size_t chunks[] = {0, 1, 2, 3, 5, 64};
    char csv_path[4096], exp_path[4096];
    expect e;
    char *data;
    size_t len, k;
    int bad = 0;

    snprintf(csv_path, sizeof csv_path, "%s/%s.csv", dir, name);
    snprintf(exp_path, sizeof exp_path, "%s/%s.expected", dir, name);
    data = read_all(csv_path, &len);
    if (data == NULL || read_expect(exp_path, &e) != 0) {
        printf("%s: cannot read the case\n", exp_path);
        failed++;
        free(data);
        return;
    }
    bad = run_mode(name, exp_path, csv_path, data, len, &e, 0, 0) != 0;
    for (k = 0; k < sizeof chunks / sizeof chunks[0] && !bad; k++)
        bad = run_mode(name, exp_path, csv_path, data, len, &e, 1, chunks[k]) != 0;
    if (bad)
        failed++;
    else
        passed++;
    free_expect(&e);
    free(data);
}

static void check(int ok, const char *what)
{
    if (ok) {
        passed++;
    } else {
        printf("built-in check failed: %s\n", what);
        failed++;
    }
}

/* dc_csv_write_field, and reading back what it wrote. */
static void writer_checks(void)
{
    static const char *fields[] = {"plain", "a,b", "say \"hi\"", "two\nlines", " lead", "trail ",
                                   "", "cr\rx", "semi;colon"};
    const size_t nf = sizeof fields / sizeof fields[0];
    char *buf = NULL;
    size_t len = 0, i;
    FILE *f = open_memstream(&buf, &len);
    dc_csv_reader *r = NULL;
    dc_csv_record rec;

    for (i = 0; i < nf; i++) {
        if (i > 0)
            fputc(',', f);
        dc_csv_write_field(f, fields[i], strlen(fields[i]), ',');
    }
    fputc('\n', f);
    fclose(f);
    check(strcmp(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" lead\",\"trail \",,"
                      "\"cr\rx\",semi;colon\n") == 0,
          "dc_csv_write_field output");
    if (dc_csv_open_memory(buf, len, NULL, &r) == 0 && dc_csv_next(r, &rec) == 1) {
        int same = rec.error == NULL && rec.nfields == nf;
        for (i = 0; same && i < nf; i++)
            same = strcmp(rec.fields[i], fields[i]) == 0;
        check(same, "fields written by dc_csv_write_field read back unchanged");
        check(dc_csv_next(r, &rec) == 0, "one record written, one read");
    } else {
        check(0, "read back what dc_csv_write_field wrote");
    }
    dc_csv_close(r);
    dc_csv_close(NULL);
    free(buf);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    DIR *d;
    struct dirent *ent;
    char **names = NULL;
    size_t n = 0, i;

    if (argc != 2) {
        fprintf(stderr, "usage: %s CASE-FOLDER\n", argv[0]);
        return 2;
    }
    d = opendir(argv[1]);
    if (d == NULL) {
        perror(argv[1]);
        return 2;
    }
    while ((ent = readdir(d)) != NULL) {
        size_t l = strlen(ent->d_name);
        if (l > 4 && strcmp(ent->d_name + l - 4, ".csv") == 0) {
            names = realloc(names, (n + 1) * sizeof *names);
            if (names == NULL)
                abort();
            names[n++] = strndup(ent->d_name, l - 4);
        }
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    for (i = 0; i < n; i++) {
        run_case(argv[1], names[i]);
        free(names[i]);
    }
    free(names);
    writer_checks();
    printf("%lu passed, %lu failed\n", passed, failed);
    return failed > 0 ? 1 : 0;
}
