/*
 * The script-neutral skeleton of a name, for looking names up across
 * transliteration schemes (internal: for the matcher).
 *
 * dc_name_skeleton maps a Cyrillic or Latin name, in lower case (upper-case
 * Cyrillic and ё are folded too), onto one rough Latin skeleton: what the
 * transliteration schemes lose or spell differently is dropped or merged
 * (ь ъ vanish; ы й и and Latin y j i are all "i"; ц, тс, ts, tc, c are "ts";
 * я/ya/ia, ю/yu/iu; щ/shch/sch; ё or "yo" after a consonant is "e"; doubled
 * letters collapse; an "i" before "e" goes; spaces, hyphens and punctuation
 * vanish; digits stay).  Two spellings of one name give the same skeleton:
 *
 *   "медвежье", "medvezhe", "medvezhye"              -> "medvezhe"
 *   "партсъезда", "partsyezda", "partsezda"          -> "partsezda"
 *   "красный", "krasniy", "krasnyy", "krasnyj", "krasny" -> "krasni"
 *   "екатеринбург", "yekaterinburg", "ekaterinburg"  -> "ekaterinburg"
 *   "22 партсъезда", "22 partsyezda"                 -> "22partsezda"
 *
 * Different names may share a skeleton ("красный" and "красний"): it is a
 * lookup key to confirm, not an identity.
 *
 * Writes at most cap - 1 bytes and a NUL into out (nothing when cap is 0)
 * and returns the length written.  s NULL gives "".  Thread-safe: it only
 * reads the normalizer dictionaries (loaded once, pthread_once) and needs no
 * other context.
 */
#ifndef DC_NORMALIZE_SKELETON_H
#define DC_NORMALIZE_SKELETON_H

#include <stddef.h>

size_t dc_name_skeleton(const char *s, char *out, size_t cap);

#endif
