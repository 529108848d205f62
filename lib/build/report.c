/* Import reports: counts and bounded messages. */
#include "report.h"

#include "packer.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dc_report_add(dc_report *r, const char *where, const char *fmt, ...)
{
    dc_strbuf sb = DC_STRBUF_INIT;
    char body[512];
    va_list ap;

    if (r->nmessages >= DC_REPORT_MAX_MESSAGES) {
        r->dropped++;
        return;
    }
    if (r->nmessages == r->cap) {
        int cap = r->cap ? r->cap * 2 : 16;
        char **p = realloc(r->messages, sizeof *p * (size_t)cap);
        if (p == NULL) {
            r->nomem = 1;
            return;
        }
        r->messages = p;
        r->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    if (where && *where)
        dc_strbuf_printf(&sb, "%s: %s", where, body);
    else
        dc_strbuf_puts(&sb, body);
    if (sb.failed) {
        r->nomem = 1;
        dc_strbuf_free(&sb);
        return;
    }
    r->messages[r->nmessages++] = dc_strbuf_take(&sb);
}

int dc_report_reject(dc_report *r, const char *where, const char *fmt, ...)
{
    char why[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    dc_report_add(r, where, "rejected: %s", why);
    r->rejected++;
    return DOMCOV_OK;
}

void dc_report_free(dc_report *r)
{
    int i;

    if (r == NULL)
        return;
    for (i = 0; i < r->nmessages; i++)
        free(r->messages[i]);
    free(r->messages);
    memset(r, 0, sizeof *r);
}

static domcov_import_report *pack(const dc_report *r, dc_packer *p)
{
    int extra = r->dropped > 0;
    domcov_import_report *out = dc_pack_bytes(p, sizeof *out);
    const char **msgs = dc_pack_bytes(p, sizeof *msgs * (size_t)(r->nmessages + extra + 1));
    char more[96];
    int i;

    for (i = 0; i < r->nmessages; i++) {
        const char *m = dc_pack_str(p, r->messages[i]);
        if (msgs)
            msgs[i] = m;
    }
    if (extra) {
        const char *m;
        snprintf(more, sizeof more, "... and %lld more messages", r->dropped);
        m = dc_pack_str(p, more);
        if (msgs)
            msgs[i] = m;
    }
    if (out == NULL)
        return NULL;
    msgs[r->nmessages + extra] = NULL;
    out->read = r->read;
    out->imported = r->imported;
    out->updated = r->updated;
    out->without_point = r->without_point;
    out->repaired = r->repaired;
    out->rejected = r->rejected;
    out->deleted = r->deleted;
    out->message_count = r->nmessages + extra;
    out->messages = msgs;
    return out;
}

domcov_import_report *dc_report_pack(const dc_report *r)
{
    dc_packer p = DC_PACKER_INIT;

    pack(r, &p);
    if (dc_packer_alloc(&p) != 0)
        return NULL;
    return pack(r, &p);
}

void domcov_import_report_free(domcov_import_report *report)
{
    free(report);
}
