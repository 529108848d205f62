/* Accumulates what an import did: counts and messages, then packs a domcov_import_report. */
#ifndef DC_REPORT_H
#define DC_REPORT_H

#include "domcov.h"

/* Messages beyond this are counted, not kept, so a bad 10M-row file stays bounded. */
#define DC_REPORT_MAX_MESSAGES 1000

typedef struct dc_report {
    long long read, imported, updated, without_point, repaired, rejected;
    long long deleted;  /* rows an import removed (--replace-city) */
    char **messages;
    int nmessages, cap;
    long long dropped;  /* messages not kept */
    int nomem;
} dc_report;

/* Appends "where: what" to the messages. */
void dc_report_add(dc_report *r, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records a rejected row or feature: "where: rejected: why", counted; returns DOMCOV_OK. */
int dc_report_reject(dc_report *r, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void dc_report_free(dc_report *r);
/* Packs the public report (one allocation); NULL when out of memory. */
domcov_import_report *dc_report_pack(const dc_report *r);

#endif
