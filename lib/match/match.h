/* Internals shared by the address matcher and the suggester. */
#ifndef DC_MATCH_H
#define DC_MATCH_H

#include "domcov.h"
#include "register.h"

#include <stdint.h>

/* Index of the city with this code or name (any case, ё=е), or -1. */
int dc_match_find_city(const domcov_db *db, const char *name);

#endif
