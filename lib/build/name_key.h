/* Matching keys for names stored in the store (lower case, ё→е, single spaces). */
#ifndef DC_NAME_KEY_H
#define DC_NAME_KEY_H

#include <stddef.h>

/* Writes the key of name into buf; returns 0, or -1 when it does not fit or is not UTF-8. */
int dc_name_key(const char *name, char *buf, size_t size);

#endif
