/*
 * Street and city lookups by the script-neutral skeleton of their keys
 * (dc_name_skeleton): what the transliteration schemes lose (ь ъ, ый/ий,
 * ц/тс, ...) and the normalizer cannot restore still meets the register
 * ("Sedelnikovo" -> "седелниково" finds "Седельниково").
 *
 * A skeleton is a lookup key to confirm, not an identity: different names
 * may share one ("Братская", "Брацкая"), and then none of them may be
 * asserted (dc_skeleton_twins, dc_skeleton_city_twin).  The indexes hold ids
 * only (no strings, 28-52 bytes a street): a lookup recomputes the skeletons
 * of the few names in its hash bucket.
 */
#ifndef DC_SKELETON_INDEX_H
#define DC_SKELETON_INDEX_H

#include "register.h"

#include <stdint.h>

struct domcov_db;

/* Builds reg->by_city_skel (streets) and reg->city_by_skel (cities).  0, or -1 out of memory. */
int dc_skeleton_index_build(const struct domcov_db *db, dc_register *reg);
void dc_skeleton_index_free(dc_register *reg);

/*
 * The streets of city whose key has the skeleton of key, at most max into
 * out; returns how many.  They may have different keys (two names the
 * skeleton cannot tell apart): the caller checks before asserting one.
 */
int dc_skeleton_streets(const dc_register *reg, int32_t city, const char *key, uint32_t *out, int max);

/* Whether two of these streets have different keys of one skeleton ("Братская", "Брацкая"). */
int dc_skeleton_twins(const dc_register *reg, const uint32_t *streets, int n);

/*
 * The city whose name has the skeleton of name, or -1 when none or when
 * several cities of different names have it.  Of settlements with one name in
 * several districts, the one of district (the code "name/district") when
 * given (then *by_district is set to 1), else the first, as
 * dc_match_find_city does for exact names.  by_district may be NULL.
 */
int dc_skeleton_city(const struct domcov_db *db, const char *name, const char *district,
                     int *by_district);

/* Whether another city, of a different name, has the skeleton of this one's name. */
int dc_skeleton_city_twin(const struct domcov_db *db, int city);

#endif
