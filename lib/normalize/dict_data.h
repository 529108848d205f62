/*
 * The normalizer dictionaries as compiled in by tools/embed_dict.py from
 * data/dict/ (*.txt) (the generated dict_data.c defines these).  Each is the
 * file's entries, one a line, comments and blank lines removed.
 */
#ifndef DC_NORMALIZE_DICT_DATA_H
#define DC_NORMALIZE_DICT_DATA_H

#include <stddef.h>

#define DC_DICT_DECLARE(name)              \
    extern const char dc_dict_##name[];    \
    extern const size_t dc_dict_##name##_len

DC_DICT_DECLARE(street_types);
DC_DICT_DECLARE(city_types);
DC_DICT_DECLARE(region_types);
DC_DICT_DECLARE(district_types);
DC_DICT_DECLARE(house_parts);
DC_DICT_DECLARE(drop_words);
DC_DICT_DECLARE(countries);
DC_DICT_DECLARE(regions);
DC_DICT_DECLARE(cities);
DC_DICT_DECLARE(translit);
DC_DICT_DECLARE(numeric_names);

#undef DC_DICT_DECLARE

#endif
