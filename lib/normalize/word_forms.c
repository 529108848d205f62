/* Small facts about the shape of a Cyrillic word. */
#include "normalize/word_forms.h"

#include <string.h>

int dc_ends_adjectival(const char *s, size_t n)
{
    static const char *const endings[] = {"ая", "яя", "ий", "ый", "ой", "ое", "ее", "ые", "ие"};
    int found = 0;

    /* Each ending is two Cyrillic letters: four bytes. */
    for (size_t i = 0; i < sizeof endings / sizeof endings[0] && !found && n >= 4; i++)
        found = memcmp(s + n - 4, endings[i], 4) == 0;
    return found;
}
