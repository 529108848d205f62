/* Table-driven test of dc_json_parse.
 *
 * Each line of the table: input, TAB, expected, and optionally TAB and
 * options ("maxdepth=N").  In the input, \t \n \r \\ and \xHH are decoded
 * (any other backslash is kept, so JSON escapes like \u00e9 or \" are written
 * as they are, but a JSON "\n" escape is written \\n); the expected column
 * decodes only \xHH.  {{DEEP:N}} expands to N '[' then N ']', in both
 * columns.  Expected is the canonical compact re-serialisation of the value
 * (numbers with %.17g, keys in document order) or "error:LINE:COL" optionally
 * followed by ":substring of the message".  A few checks that do not fit the
 * table follow it. */
#include "lib/util/json.h"
#include "lib/util/strbuf.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long passed, failed;

static void put_string(dc_strbuf *sb, const char *s, size_t n)
{
    size_t i;

    dc_strbuf_putc(sb, '"');
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            dc_strbuf_putc(sb, '\\');
            dc_strbuf_putc(sb, (char)c);
        } else if (c == '\n') {
            dc_strbuf_puts(sb, "\\n");
        } else if (c == '\t') {
            dc_strbuf_puts(sb, "\\t");
        } else if (c < 0x20) {
            dc_strbuf_printf(sb, "\\u%04x", c);
        } else {
            dc_strbuf_putc(sb, (char)c);
        }
    }
    dc_strbuf_putc(sb, '"');
}

static void put_scalar(dc_strbuf *sb, const dc_json *v)
{
    char num[64];
    const char *dot;

    switch (v->type) {
    case DC_JSON_NULL: dc_strbuf_puts(sb, "null"); break;
    case DC_JSON_FALSE: dc_strbuf_puts(sb, "false"); break;
    case DC_JSON_TRUE: dc_strbuf_puts(sb, "true"); break;
    case DC_JSON_NUMBER:
        snprintf(num, sizeof num, "%.17g", v->number);
        /* Print "." whatever LC_NUMERIC the test runs under. */
        dot = localeconv()->decimal_point;
        if (strcmp(dot, ".") != 0) {
            char *p = strstr(num, dot);
            if (p != NULL) {
                *p = '.';
                memmove(p + 1, p + strlen(dot), strlen(p + strlen(dot)) + 1);
            }
        }
        dc_strbuf_puts(sb, num);
        break;
    case DC_JSON_STRING:
        if (strlen(v->string) != v->string_len)
            dc_strbuf_puts(sb, "<string_len mismatch>");
        put_string(sb, v->string, v->string_len);
        break;
    default:
        break;
    }
}

/* Iterative, like the parser, so that the deep cases cannot overflow the
 * stack of the test either. */
static void serialize(dc_strbuf *sb, const dc_json *root)
{
    struct level { const dc_json *v; size_t next; } *stack = NULL;
    size_t depth = 0, cap = 0;
    const dc_json *v = root;

    for (;;) {
        if (v != NULL) {
            if (v->type != DC_JSON_ARRAY && v->type != DC_JSON_OBJECT) {
                put_scalar(sb, v);
            } else {
                if (depth == cap) {
                    cap = cap ? cap * 2 : 64;
                    stack = realloc(stack, cap * sizeof *stack);
                    if (stack == NULL)
                        abort();
                }
                stack[depth].v = v;
                stack[depth].next = 0;
                depth++;
                dc_strbuf_putc(sb, v->type == DC_JSON_ARRAY ? '[' : '{');
            }
            v = NULL;
        }
        if (depth == 0)
            break;
        {
            struct level *top = &stack[depth - 1];
            if (top->next == top->v->count) {
                dc_strbuf_putc(sb, top->v->type == DC_JSON_ARRAY ? ']' : '}');
                depth--;
                continue;
            }
            if (top->next > 0)
                dc_strbuf_putc(sb, ',');
            if (top->v->type == DC_JSON_OBJECT) {
                put_string(sb, top->v->keys[top->next], strlen(top->v->keys[top->next]));
                dc_strbuf_putc(sb, ':');
            }
            v = top->v->items[top->next++];
        }
    }
    free(stack);
}

/* Expands {{DEEP:N}}; decode 1 also decodes \xHH (expected column), decode 2
 * also \t \n \r \\ (input column). */
static void expand(dc_strbuf *out, const char *s, int decode)
{
    while (*s != '\0') {
        if (strncmp(s, "{{DEEP:", 7) == 0) {
            char *end;
            unsigned long n = strtoul(s + 7, &end, 10), k;
            if (strncmp(end, "}}", 2) == 0) {
                for (k = 0; k < n; k++)
                    dc_strbuf_putc(out, '[');
                for (k = 0; k < n; k++)
                    dc_strbuf_putc(out, ']');
                s = end + 2;
                continue;
            }
        }
        if (decode && s[0] == '\\') {
            char c = s[1];
            if (decode == 2 && (c == 't' || c == 'n' || c == 'r' || c == '\\')) {
                dc_strbuf_putc(out, c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : '\\');
                s += 2;
                continue;
            }
            if (c == 'x' && s[2] != '\0' && s[3] != '\0') {
                char hex[3] = {s[2], s[3], '\0'};
                dc_strbuf_putc(out, (char)strtoul(hex, NULL, 16));
                s += 4;
                continue;
            }
        }
        dc_strbuf_putc(out, *s++);
    }
    if (out->data == NULL)
        dc_strbuf_append(out, "", 0);
}

static void run_case(const char *path, unsigned long lineno, char *line)
{
    char *expected = strchr(line, '\t'), *opts;
    dc_strbuf in = DC_STRBUF_INIT, want = DC_STRBUF_INIT, got = DC_STRBUF_INIT;
    unsigned max_depth = 0;
    dc_json_error err;
    dc_json *v;

    if (expected == NULL) {
        printf("%s:%lu: malformed case (no TAB)\n", path, lineno);
        failed++;
        return;
    }
    *expected++ = '\0';
    opts = strchr(expected, '\t');
    if (opts != NULL) {
        *opts++ = '\0';
        if (strncmp(opts, "maxdepth=", 9) == 0)
            max_depth = (unsigned)strtoul(opts + 9, NULL, 10);
    }
    expand(&in, line, 2);
    expand(&want, expected, 1);
    v = dc_json_parse(in.data, in.len, max_depth, &err);
    if (v != NULL) {
        serialize(&got, v);
    } else {
        dc_strbuf_printf(&got, "error:%lu:%lu:%s", err.line, err.column, err.message);
        if (err.offset > in.len)
            dc_strbuf_puts(&got, " <offset past the end>");
    }
    /* An error expectation may leave out the message or give a part of it. */
    if (strncmp(want.data, "error:", 6) == 0 && v == NULL) {
        const char *colon = strchr(want.data + 6, ':');
        const char *msg = colon != NULL ? strchr(colon + 1, ':') : NULL;
        size_t poslen = msg != NULL ? (size_t)(msg - want.data) : want.len;
        int ok = strncmp(got.data, want.data, poslen) == 0 && got.data[poslen] == ':'
                 && (msg == NULL || strstr(err.message, msg + 1) != NULL);
        if (ok)
            passed++;
        else {
            printf("%s:%lu: expected %s, got %s\n", path, lineno, want.data, got.data);
            failed++;
        }
    } else if (strcmp(got.data, want.data) == 0) {
        passed++;
    } else {
        printf("%s:%lu: expected %s, got %s\n", path, lineno, want.data, got.data);
        failed++;
    }
    dc_json_free(v);
    dc_strbuf_free(&in);
    dc_strbuf_free(&want);
    dc_strbuf_free(&got);
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

/* What the table cannot say: dc_json_get, positions of nodes, NULL inputs,
 * text that is not NUL-terminated. */
static void builtin_checks(void)
{
    static const char doc[] = "{\"a\": 1,\n \"b\": [true, \"x\"],\n\"a\": 2}";
    static const char cut[] = {'[', '1', '2'}; /* no NUL after it */
    dc_json_error err;
    dc_json *v = dc_json_parse(doc, sizeof doc - 1, 0, &err);
    const dc_json *a, *b;

    check(v != NULL, "parse the dc_json_get document");
    if (v != NULL) {
        a = dc_json_get(v, "a");
        b = dc_json_get(v, "b");
        check(a != NULL && a->type == DC_JSON_NUMBER && a->number == 2, "duplicate key: last wins");
        check(b != NULL && b->type == DC_JSON_ARRAY && b->line == 2 && b->column == 7,
              "position of \"b\" value is 2:7");
        check(b != NULL && b->count == 2 && b->items[1]->line == 2 && b->items[1]->column == 14,
              "position of \"x\" is 2:14");
        check(dc_json_get(v, "c") == NULL, "absent key gives NULL");
        check(dc_json_get(b, "a") == NULL, "dc_json_get on an array gives NULL");
        check(dc_json_get(NULL, "a") == NULL, "dc_json_get on NULL gives NULL");
        check(v->line == 1 && v->column == 1, "root at 1:1");
    }
    dc_json_free(v);
    dc_json_free(NULL);
    v = dc_json_parse(cut, 2, 0, &err);
    check(v == NULL && err.offset == 2, "[1 cut at 2 bytes is an error at the end");
    dc_json_free(v);
    v = dc_json_parse(cut + 1, 2, 0, NULL);
    check(v != NULL && v->number == 12, "12 without a NUL after it");
    dc_json_free(v);
    v = dc_json_parse(NULL, 0, 0, &err);
    check(v == NULL && err.line == 1 && err.column == 1, "NULL text is an empty document");
}

int main(int argc, char **argv)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    const char *loc;
    FILE *f;

    if (argc != 2) {
        fprintf(stderr, "usage: %s json.tsv\n", argv[0]);
        return 2;
    }
    /* Numbers must not depend on LC_NUMERIC: use a comma locale if there is one. */
    loc = setlocale(LC_NUMERIC, "de_DE.UTF-8");
    if (loc == NULL)
        loc = setlocale(LC_NUMERIC, "fr_FR.UTF-8");
    if (loc != NULL)
        printf("running with LC_NUMERIC=%s\n", loc);
    f = fopen(argv[1], "r");
    if (f == NULL) {
        perror(argv[1]);
        return 2;
    }
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        run_case(argv[1], lineno, line);
    }
    free(line);
    fclose(f);
    builtin_checks();
    printf("%lu passed, %lu failed\n", passed, failed);
    return failed > 0 ? 1 : 0;
}
