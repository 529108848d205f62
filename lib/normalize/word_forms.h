/* Small facts about the shape of a Cyrillic word. */
#ifndef DC_NORMALIZE_WORD_FORMS_H
#define DC_NORMALIZE_WORD_FORMS_H

#include <stddef.h>

/*
 * Whether the word (UTF-8) ends like an adjective: -ая -яя -ий -ый -ой -ое -ее
 * -ые -ие.  Region, district and street names that are adjectives stand
 * before their type word ("Свердловская обл", "Набережная улица").
 */
int dc_ends_adjectival(const char *s, size_t n);

#endif
