/* Status codes and the per-thread detailed error message. */
#ifndef DC_ERROR_H
#define DC_ERROR_H

#include "domcov.h"

/*
 * Records a detailed message for the calling thread, tied to `db` (may be
 * NULL), and returns `status` so callers can write
 *     return dc_fail(db, DOMCOV_ERR_ARG, "latitude %g is out of range", lat);
 */
int dc_fail(const domcov_db *db, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears the calling thread's message (called on entry by public functions). */
void dc_clear_error(void);

#endif
