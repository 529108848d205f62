/*
 * Runs the normalizer cases of tests/cases/normalize.tsv:
 *
 *   input<TAB>field=value; field=value; ...
 *
 * Fields are those of domcov_address (postcode ... flat_type), plus
 * canonical=, street_key= (dc_street_key of the street; checked only when
 * listed), flags=translit|ambiguous, error=DOMCOV_ERR_... and errmsg~text
 * (the message contains text).  Every part not listed must be
 * NULL and flags not listed must be 0, so a case pins the whole result.
 * Inputs may use \t \n \\ \xHH \0 escapes and {{rep N text}} (text N times).
 *
 *   test_normalize CASES.tsv     run the cases; exit 1 when any fails
 *   test_normalize --print       read addresses on stdin (escapes allowed), print them as cases
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domcov.h"
#include "normalize/street_key.h"
#include "strbuf.h"

#define MAX_LINE 65536

typedef struct field {
    const char *name;
    size_t offset;
} field;

#define F(name) {#name, offsetof(domcov_address, name)}
static const field fields[] = {
    F(postcode), F(country), F(region), F(region_type), F(district), F(district_type),
    F(city), F(city_type), F(street), F(street_type), F(house), F(letter),
    F(korpus), F(stroenie), F(flat), F(flat_type),
};
#undef F
#define NFIELDS (sizeof fields / sizeof fields[0])

static const char *field_value(const domcov_address *a, const field *f)
{
    return *(const char *const *)((const char *)a + f->offset);
}

static int hex(int c)
{
    int v = -1;

    if (c >= '0' && c <= '9')
        v = c - '0';
    else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
    return v;
}

/* Expands escapes and {{rep N text}} into out (may contain NUL bytes). */
static void unescape(const char *in, dc_strbuf *out)
{
    size_t i = 0, n = strlen(in);

    while (i < n) {
        if (strncmp(in + i, "{{rep ", 6) == 0 && strstr(in + i, "}}") != NULL) {
            char *end;
            long count = strtol(in + i + 6, &end, 10);
            const char *close = strstr(end, "}}");
            dc_strbuf unit = DC_STRBUF_INIT;
            char *piece;

            if (*end == ' ')
                end++;
            piece = strndup(end, (size_t)(close - end));
            unescape(piece, &unit);
            for (long k = 0; k < count; k++)
                dc_strbuf_append(out, unit.data ? unit.data : "", unit.len);
            free(piece);
            dc_strbuf_free(&unit);
            i = (size_t)(close - in) + 2;
        } else if (in[i] == '\\' && i + 1 < n) {
            char c = in[i + 1];

            if (c == 't')
                dc_strbuf_putc(out, '\t');
            else if (c == 'n')
                dc_strbuf_putc(out, '\n');
            else if (c == '0')
                dc_strbuf_putc(out, '\0');
            else if (c == 'x' && i + 3 < n && hex(in[i + 2]) >= 0 && hex(in[i + 3]) >= 0) {
                dc_strbuf_putc(out, (char)(hex(in[i + 2]) * 16 + hex(in[i + 3])));
                i += 2;
            } else
                dc_strbuf_putc(out, c);
            i += 2;
        } else {
            dc_strbuf_putc(out, in[i++]);
        }
    }
    if (out->data == NULL)
        dc_strbuf_puts(out, "");
}

static void format_flags(int flags, dc_strbuf *sb)
{
    const char *sep = "";

    if (flags & DOMCOV_ADDR_TRANSLITERATED) {
        dc_strbuf_puts(sb, "translit");
        sep = "|";
    }
    if (flags & DOMCOV_ADDR_AMBIGUOUS)
        dc_strbuf_printf(sb, "%sambiguous", sep);
}

/* The result in the case syntax (without canonical, which cases rarely pin). */
static void format_result(int status, const domcov_address *a, int with_canonical, int with_key, dc_strbuf *sb)
{
    const char *sep = "";

    if (status != DOMCOV_OK) {
        dc_strbuf_printf(sb, "error=%s", domcov_status_name(status));
        return;
    }
    for (size_t i = 0; i < NFIELDS; i++) {
        const char *v = field_value(a, &fields[i]);

        if (v != NULL) {
            dc_strbuf_printf(sb, "%s%s=%s", sep, fields[i].name, v);
            sep = "; ";
        }
    }
    if (a->flags) {
        dc_strbuf_printf(sb, "%sflags=", sep);
        format_flags(a->flags, sb);
        sep = "; ";
    }
    if (with_canonical) {
        dc_strbuf_printf(sb, "%scanonical=%s", sep, a->canonical);
        sep = "; ";
    }
    if (with_key && a->street != NULL) {
        char key[512];

        dc_street_key(a->street, key, sizeof key);
        dc_strbuf_printf(sb, "%sstreet_key=%s", sep, key);
    }
}

#define MAX_EXPANDED 4

typedef struct expectation {
    const char *values[NFIELDS];
    const char *canonical;
    const char *street_key;
    const char *error;
    const char *errmsg;
    int flags;
    int bad; /* the expectation itself is malformed */
    char *expanded[MAX_EXPANDED]; /* values with escapes expanded (freed by free_expected) */
    int nexpanded;
} expectation;

static void free_expected(expectation *e)
{
    for (int i = 0; i < e->nexpanded; i++)
        free(e->expanded[i]);
    e->nexpanded = 0;
}

static void parse_expected(char *text, expectation *e)
{
    char *save = NULL;

    memset(e, 0, sizeof *e);
    for (char *tok = strtok_r(text, ";", &save); tok != NULL; tok = strtok_r(NULL, ";", &save)) {
        char *eq, *name;
        const char *value;
        int known = 0;

        while (*tok == ' ')
            tok++;
        if (*tok == '\0')
            continue;
        if (strncmp(tok, "errmsg~", 7) == 0) {
            e->errmsg = tok + 7;
            continue;
        }
        eq = strchr(tok, '=');
        if (eq == NULL) {
            e->bad = 1;
            continue;
        }
        *eq = '\0';
        name = tok;
        value = eq + 1;
        if ((strstr(value, "{{rep ") != NULL || strchr(value, '\\') != NULL) && e->nexpanded < MAX_EXPANDED) {
            /* Expected values may use the input's escapes: expand into a kept buffer. */
            dc_strbuf v = DC_STRBUF_INIT;

            unescape(value, &v);
            e->expanded[e->nexpanded] = dc_strbuf_take(&v);
            value = e->expanded[e->nexpanded++];
        }
        for (size_t i = 0; i < NFIELDS; i++)
            if (strcmp(name, fields[i].name) == 0) {
                e->values[i] = value;
                known = 1;
            }
        if (strcmp(name, "canonical") == 0) {
            e->canonical = value;
            known = 1;
        } else if (strcmp(name, "street_key") == 0) {
            e->street_key = value;
            known = 1;
        } else if (strcmp(name, "error") == 0) {
            e->error = value;
            known = 1;
        } else if (strcmp(name, "flags") == 0) {
            if (strstr(value, "translit"))
                e->flags |= DOMCOV_ADDR_TRANSLITERATED;
            if (strstr(value, "ambiguous"))
                e->flags |= DOMCOV_ADDR_AMBIGUOUS;
            known = 1;
        }
        if (!known)
            e->bad = 1;
    }
}

static int matches(const expectation *e, int status, const domcov_address *a)
{
    int ok = 1;

    if (e->error != NULL) {
        ok = status != DOMCOV_OK && strcmp(domcov_status_name(status), e->error) == 0 && a == NULL;
        if (ok && e->errmsg != NULL)
            ok = strstr(domcov_errmsg(NULL), e->errmsg) != NULL;
    } else {
        ok = status == DOMCOV_OK && a != NULL;
        for (size_t i = 0; i < NFIELDS && ok; i++) {
            const char *got = field_value(a, &fields[i]);

            if (e->values[i] == NULL)
                ok = got == NULL;
            else
                ok = got != NULL && strcmp(got, e->values[i]) == 0;
        }
        if (ok && e->canonical != NULL)
            ok = strcmp(a->canonical, e->canonical) == 0;
        if (ok && e->street_key != NULL) {
            char key[512];

            dc_street_key(a->street, key, sizeof key);
            ok = strcmp(key, e->street_key) == 0;
        }
        if (ok)
            ok = a->flags == e->flags;
    }
    return ok;
}

static int run_cases(const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = malloc(MAX_LINE);
    int line_no = 0, passed = 0, failed = 0, rc = 2;

    if (f == NULL || line == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        goto cleanup;
    }
    while (fgets(line, MAX_LINE, f) != NULL) {
        char *tab, *nl;
        dc_strbuf input = DC_STRBUF_INIT, got = DC_STRBUF_INIT;
        expectation e;
        domcov_address *a = NULL;
        int status;
        char *expected_copy;

        line_no++;
        nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        tab = strchr(line, '\t');
        if (tab == NULL) {
            printf("%s:%d: malformed case (no tab)\n", path, line_no);
            failed++;
            continue;
        }
        *tab = '\0';
        expected_copy = strdup(tab + 1);
        unescape(line, &input);
        parse_expected(tab + 1, &e);
        status = domcov_normalize(input.data, &a);
        if (!e.bad && matches(&e, status, a)) {
            passed++;
        } else {
            format_result(status, a, e.canonical != NULL, e.street_key != NULL, &got);
            printf("%s:%d: FAIL %s\n  expected: %s\n  got:      %s\n", path, line_no, line,
                   e.bad ? "(malformed expectation)" : expected_copy, got.data ? got.data : "");
            if (status != DOMCOV_OK)
                printf("  message:  %s\n", domcov_errmsg(NULL));
            failed++;
        }
        domcov_address_free(a);
        free_expected(&e);
        free(expected_copy);
        dc_strbuf_free(&input);
        dc_strbuf_free(&got);
    }
    printf("%d passed, %d failed\n", passed, failed);
    rc = failed > 0 ? 1 : 0;
cleanup:
    if (f != NULL)
        fclose(f);
    free(line);
    return rc;
}

static int print_cases(void)
{
    char *line = malloc(MAX_LINE);

    while (line != NULL && fgets(line, MAX_LINE, stdin) != NULL) {
        dc_strbuf got = DC_STRBUF_INIT, input = DC_STRBUF_INIT;
        domcov_address *a = NULL;
        char *nl = strchr(line, '\n');
        int status;

        if (nl)
            *nl = '\0';
        unescape(line, &input);
        status = domcov_normalize(input.data, &a);
        format_result(status, a, 1, 1, &got);
        printf("%s\t%s\n", line, got.data ? got.data : "");
        domcov_address_free(a);
        dc_strbuf_free(&got);
        dc_strbuf_free(&input);
    }
    free(line);
    return 0;
}

int main(int argc, char **argv)
{
    int rc;

    if (argc == 2 && strcmp(argv[1], "--print") == 0)
        rc = print_cases();
    else if (argc == 2)
        rc = run_cases(argv[1]);
    else {
        fprintf(stderr, "usage: %s CASES.tsv | --print\n", argv[0]);
        rc = 2;
    }
    return rc;
}
