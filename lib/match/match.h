/* Internals shared by the address matcher and the suggester. */
#ifndef DC_MATCH_H
#define DC_MATCH_H

#include "domcov.h"
#include "register.h"

#include <stdint.h>

/* Index of the city with this code or name (any case, ё=е), or -1. */
int dc_match_find_city(const domcov_db *db, const char *name);
/*
 * The city of opts->default_city into *city (-1 when opts gives none), for a
 * text that names no city.  One the store lacks is DOMCOV_ERR_ARG (message
 * set): answers from every city would look like that city's.
 */
int dc_match_default_city(const domcov_db *db, const domcov_match_options *opts, int *city);

#endif
