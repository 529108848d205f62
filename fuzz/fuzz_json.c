/* libFuzzer target for dc_json_parse.
 *
 * Checks, beyond the sanitizers: an error points inside the input; a parsed
 * tree is consistent (string lengths, keys present); re-serialising it and
 * parsing that again gives the same text (so numbers and strings survive a
 * round trip). */
#include "lib/util/json.h"
#include "lib/util/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put_string(dc_strbuf *sb, const char *s, size_t n)
{
    size_t i;

    dc_strbuf_putc(sb, '"');
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            dc_strbuf_printf(sb, "\\%c", c);
        else if (c < 0x20)
            dc_strbuf_printf(sb, "\\u%04x", c);
        else
            dc_strbuf_putc(sb, (char)c);
    }
    dc_strbuf_putc(sb, '"');
}

/* Depth is bounded by the parser's max_depth, so recursion is fine here. */
static void serialize(dc_strbuf *sb, const dc_json *v)
{
    size_t i;

    if (v->line == 0 || v->column == 0)
        abort();
    switch (v->type) {
    case DC_JSON_NULL: dc_strbuf_puts(sb, "null"); break;
    case DC_JSON_FALSE: dc_strbuf_puts(sb, "false"); break;
    case DC_JSON_TRUE: dc_strbuf_puts(sb, "true"); break;
    case DC_JSON_NUMBER: dc_strbuf_printf(sb, "%.17g", v->number); break;
    case DC_JSON_STRING:
        if (v->string == NULL || strlen(v->string) != v->string_len)
            abort();
        put_string(sb, v->string, v->string_len);
        break;
    case DC_JSON_ARRAY:
    case DC_JSON_OBJECT:
        if (v->count > 0 && v->items == NULL)
            abort();
        dc_strbuf_putc(sb, v->type == DC_JSON_ARRAY ? '[' : '{');
        for (i = 0; i < v->count; i++) {
            if (i > 0)
                dc_strbuf_putc(sb, ',');
            if (v->type == DC_JSON_OBJECT) {
                if (v->keys == NULL || v->keys[i] == NULL)
                    abort();
                put_string(sb, v->keys[i], strlen(v->keys[i]));
                dc_strbuf_putc(sb, ':');
                if (dc_json_get(v, v->keys[i]) == NULL)
                    abort();
            }
            serialize(sb, v->items[i]);
        }
        dc_strbuf_putc(sb, v->type == DC_JSON_ARRAY ? ']' : '}');
        break;
    default:
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dc_json_error err;
    dc_json *v = dc_json_parse((const char *)data, size, 64, &err), *again;
    dc_strbuf first = DC_STRBUF_INIT, second = DC_STRBUF_INIT;

    if (v == NULL) {
        if (err.offset > size || err.line == 0 || err.column == 0 || err.message[0] == '\0')
            abort();
        return 0;
    }
    serialize(&first, v);
    dc_json_free(v);
    again = dc_json_parse(first.data, first.len, 64, &err);
    if (again == NULL)
        abort(); /* what we printed must parse */
    serialize(&second, again);
    if (strcmp(first.data, second.data) != 0)
        abort();
    dc_json_free(again);
    dc_strbuf_free(&first);
    dc_strbuf_free(&second);
    return 0;
}
