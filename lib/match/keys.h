/* Matching keys of street names and house parts, shared by the register and the matcher. */
#ifndef DC_KEYS_H
#define DC_KEYS_H

#include <stddef.h>

/*
 * The keys of a stored street: runs the normalizer on "<type> <name>" so a
 * stored name and a typed one meet in the same form.  key and loose get
 * NUL-terminated strings (size bytes each); type gets the canonical type.
 * Returns 0, or -1 when the name does not normalize to a street.
 */
int dc_street_keys(const char *type, const char *name, char *key, char *loose, char *canon_type,
                   size_t size);

/* The loose key of a normalized street key: no "им", no initials, "1-я" -> "1". */
void dc_loose_key(const char *key, char *out, size_t size);

/* House parts as the normalizer writes them (lower case, ё->е, Latin look-alikes folded). */
void dc_house_part_key(const char *part, char *out, size_t size);

#endif
