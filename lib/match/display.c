/* Display addresses: see display.h. */
#include "match/display.h"

#include "match/register.h"
#include "store/store.h"

#include <string.h>

static const char *dot_if_listed(const char *type, const char *const *list, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(type, list[i]) == 0)
            return ".";
    return "";
}

const char *dc_street_type_dot(const char *type)
{
    /* Abbreviations that take a full stop in postal style. */
    static const char *const dotted[] = {"ул", "пер", "ш", "наб", "пл", "туп", "просп", "д", "г"};

    return dot_if_listed(type, dotted, sizeof dotted / sizeof dotted[0]);
}

const char *dc_city_type_dot(const char *type)
{
    static const char *const dotted[] = {"г", "п", "с", "д"};

    return dot_if_listed(type, dotted, sizeof dotted / sizeof dotted[0]);
}

/* "ул. Ленина" / "г. Пермь": a type, its dot, a space and the name. */
static void put_typed(dc_strbuf *sb, const char *type, const char *dot, const char *name)
{
    dc_strbuf_puts(sb, type);
    dc_strbuf_puts(sb, dot);
    dc_strbuf_putc(sb, ' ');
    dc_strbuf_puts(sb, name);
}

void dc_compose_street(dc_strbuf *sb, const char *type, const char *name)
{
    put_typed(sb, type, dc_street_type_dot(type), name);
}

void dc_compose_prefix(dc_strbuf *sb, const char *city_type, const char *city, const char *street_type,
                       const char *street)
{
    if (city && *city) {
        put_typed(sb, city_type, dc_city_type_dot(city_type), city);
        dc_strbuf_puts(sb, ", ");
    }
    if (street && *street) {
        dc_compose_street(sb, street_type, street);
        dc_strbuf_puts(sb, ", ");
    }
}

void dc_compose_house(dc_strbuf *sb, const char *house, const char *letter, const char *korpus,
                      const char *stroenie)
{
    dc_strbuf_puts(sb, "д. ");
    dc_strbuf_puts(sb, house ? house : "");
    dc_strbuf_puts(sb, letter ? letter : "");
    if (korpus && *korpus) {
        dc_strbuf_puts(sb, " корп. ");
        dc_strbuf_puts(sb, korpus);
    }
    if (stroenie && *stroenie) {
        dc_strbuf_puts(sb, " стр. ");
        dc_strbuf_puts(sb, stroenie);
    }
}

void dc_compose_address(dc_strbuf *sb, const char *city_type, const char *city,
                        const char *street_type, const char *street, const char *house,
                        const char *letter, const char *korpus, const char *stroenie)
{
    dc_compose_prefix(sb, city_type, city, street_type, street);
    dc_compose_house(sb, house, letter, korpus, stroenie);
}

void dc_match_display(const struct domcov_db *db, const struct dc_register *reg, uint32_t street,
                      uint32_t house, dc_strbuf *sb)
{
    const dc_street *s = &reg->streets[street];
    const dc_city *c = &db->cities[s->city];

    if (house == UINT32_MAX) {
        put_typed(sb, c->type, dc_city_type_dot(c->type), c->name);
        if (s->name != DC_STRPOOL_EMPTY) {
            dc_strbuf_puts(sb, ", ");
            dc_compose_street(sb, dc_reg_str(reg, s->type), dc_reg_str(reg, s->name));
        }
        return;
    }
    /* Both halves were composed once at open (register.c). */
    dc_strbuf_puts(sb, dc_reg_str(reg, s->display));
    dc_strbuf_puts(sb, dc_reg_str(reg, reg->parts[reg->houses[house].parts].display));
}
