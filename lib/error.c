/* Status names and the detailed message of the last failed call per thread. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* One message per thread: concurrent callers on one handle never see each other's. */
static _Thread_local char last_message[1024];
static _Thread_local const domcov_db *last_db;

/* Append-only, indexed by enum domcov_status. */
static const struct {
    const char *name;
    const char *text;
} status_table[] = {
    {"DOMCOV_OK", "success"},
    {"DOMCOV_ERR_ARG", "invalid argument"},
    {"DOMCOV_ERR_NOMEM", "out of memory"},
    {"DOMCOV_ERR_IO", "file cannot be opened, read or written"},
    {"DOMCOV_ERR_NOT_STORE", "not a domcov coverage store"},
    {"DOMCOV_ERR_FORMAT_VERSION", "unsupported store format version"},
    {"DOMCOV_ERR_CORRUPT", "store is damaged or inconsistent"},
    {"DOMCOV_ERR_DATABASE", "database error"},
    {"DOMCOV_ERR_INPUT", "bad input data"},
    {"DOMCOV_ERR_INTERNAL", "internal error"},
    {"DOMCOV_ERR_GEOMETRY", "invalid geometry"},
    {"DOMCOV_ERR_TOO_LARGE", "input exceeds a limit"},
};

#define STATUS_COUNT ((int)(sizeof status_table / sizeof status_table[0]))

const char *domcov_status_name(int status)
{
    if (status < 0 || status >= STATUS_COUNT)
        return "DOMCOV_ERR_UNKNOWN";
    return status_table[status].name;
}

const char *domcov_strerror(int status)
{
    if (status < 0 || status >= STATUS_COUNT)
        return "unknown status";
    return status_table[status].text;
}

int dc_fail(const domcov_db *db, int status, const char *fmt, ...)
{
    char formatted[sizeof last_message];
    va_list ap;

    /* Format aside first: callers may pass the current message as an argument. */
    va_start(ap, fmt);
    vsnprintf(formatted, sizeof formatted, fmt, ap);
    va_end(ap);
    memcpy(last_message, formatted, sizeof last_message);
    last_db = db;
    return status;
}

void dc_clear_error(void)
{
    last_message[0] = '\0';
    last_db = NULL;
}

const char *domcov_errmsg(const domcov_db *db)
{
    if (db != NULL && db != last_db)
        return "";
    return last_message;
}
