/*
 * Display addresses in postal style: "г. Пермь, ул. Ленина, д. 50А корп. 2
 * стр. 1".  Built with plain appends: they are made for every answer of the
 * address check, where printf would be a fifth of the time.
 */
#ifndef DC_MATCH_DISPLAY_H
#define DC_MATCH_DISPLAY_H

#include "strbuf.h"

#include <stdint.h>

struct domcov_db;
struct dc_register;

/* "." for street types written with a full stop ("ул.", "пер."), else "". */
const char *dc_street_type_dot(const char *type);
/* "." for settlement types written with a full stop ("г.", "п.", "с.", "д."), else "". */
const char *dc_city_type_dot(const char *type);

/*
 * Appends the address made of the parts to sb (empty or NULL parts left out;
 * no city when city is empty, no street when street is empty: a settlement's
 * houses without a street).  Failure shows in sb->failed.
 */
void dc_compose_address(dc_strbuf *sb, const char *city_type, const char *city,
                        const char *street_type, const char *street, const char *house,
                        const char *letter, const char *korpus, const char *stroenie);

/* The two halves of dc_compose_address: "г. Пермь, ул. Ленина, " (each part
 * with its ", ", left out when empty) and "д. 50А корп. 2 стр. 1". */
void dc_compose_prefix(dc_strbuf *sb, const char *city_type, const char *city, const char *street_type,
                       const char *street);
void dc_compose_house(dc_strbuf *sb, const char *house, const char *letter, const char *korpus,
                      const char *stroenie);

/* Appends "ул. Ленина": a street type, its dot when it takes one, and the name. */
void dc_compose_street(dc_strbuf *sb, const char *type, const char *name);

/* Appends the display address of a register street (house UINT32_MAX) or house to sb. */
void dc_match_display(const struct domcov_db *db, const struct dc_register *reg, uint32_t street,
                      uint32_t house, dc_strbuf *sb);

#endif
