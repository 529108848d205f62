/*
 * A looser key of a normalized street name for matching: without initials,
 * "им"/"имени" and titles ("академика", "генерала"), so "н островского",
 * "им н островского" and "островского" meet.
 */
#ifndef DC_NORMALIZE_STREET_KEY_H
#define DC_NORMALIZE_STREET_KEY_H

#include <stddef.h>

/*
 * Writes the key of `street` (a domcov_address street, already normalized)
 * into out, NUL-terminated and truncated to cap - 1 bytes at a character
 * boundary, and returns the key's full length (like snprintf: the key fits
 * when the result is < cap).  When every word would be dropped the key is the
 * street itself.  Thread-safe.
 */
size_t dc_street_key(const char *street, char *out, size_t cap);

#endif
