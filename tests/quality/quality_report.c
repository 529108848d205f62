/*
 * quality_report: how well domcov_check_address finds real houses written
 * the way people type them (issue #3, "Quality, measured"; docs/quality.md).
 *
 * For each register file of the shared real data (reformagkh, 2016) it
 *   1. keeps the geocoded rows (geocode_ok 1 or 2), writes them to a temporary
 *      CSV and imports it with domcov_import_houses (the report is printed);
 *   2. parses every register string with domcov_normalize and writes each
 *      house again in several styles (original, no_region, reordered, short,
 *      compact, full_words, abbrev_other, lower, yo, typo1, latin), each made
 *      from the house's own parsed parts;
 *   3. matches every query with domcov_check_address and counts per style:
 *      correct (MATCHED, same house_id), wrong (MATCHED, another house_id),
 *      ambiguous, not found; plus throughput and the first N failures.
 *
 * Houses whose parsed parts equal another register house's (true duplicates
 * in the register) are left out of the denominators and counted apart; so
 * are, per style, houses the style's text cannot tell from another one (a
 * style that drops the district cannot tell villages of one name apart).
 *
 *   quality_report [--data DIR] [--file ekaterinburg|omsk|all|PATH.csv]
 *                  [--styles a,b] [--sample N] [--examples N]
 *                  [--failures OUT.tsv] [--assert CLEAN,TYPO,WRONG] [--keep]
 *
 * The data folder is --data, else $DOMCOV_SHARED_DATA, else the build's
 * default (<source>/../shared/data).  Exit status: 0 done (and the --assert
 * thresholds held), 1 a threshold failed, 2 usage or setup error, 77 the
 * shared data is absent (meson's "skipped").
 */
#include "domcov.h"

#include "csv.h"
#include "text_case.h"

#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef DOMCOV_SHARED_DATA_DEFAULT
#define DOMCOV_SHARED_DATA_DEFAULT "../shared/data"
#endif

#define EXIT_SKIP 77
#define TEXT_MAX 2048
#include "text_buf.h"

/* ------------------------------------------------------------------ */
/* Small helpers */

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("quality_report: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

static char *xstrdup(const char *s)
{
    char *d;
    if (s == NULL)
        return NULL;
    d = strdup(s);
    if (d == NULL)
        die("out of memory");
    return d;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (p == NULL)
        die("out of memory");
    return p;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* ------------------------------------------------------------------ */
/* UTF-8 and Cyrillic letters */

static void sb_addc(sbuf *b, uint32_t c)
{
    char tmp[5];
    tmp[u8_put(tmp, c)] = '\0';
    sb_add(b, tmp);
}

static void sb_lower(sbuf *b, const char *s)
{
    uint32_t c;
    while ((c = u8_next(&s)) != 0)
        sb_addc(b, cp_lower(c));
}

/* "1-я красноармейская" -> "1-я Красноармейская"; small words stay lower. */
static void sb_title(sbuf *b, const char *s)
{
    static const char *const keep[] = {"им", "имени", "лет", "летия", "и", "де", "на", "в"};
    const char *p = s;
    uint32_t c, prev = ' ', prev2 = ' ';

    while ((c = u8_next(&p)) != 0) {
        /* not after a digit, nor in an ordinal's ending ("1-я") */
        int word_start = !cp_is_letter(prev) && !(prev >= '0' && prev <= '9') &&
                         !(prev == '-' && prev2 >= '0' && prev2 <= '9');
        if (word_start && cp_is_letter(c)) {
            const char *w = p - (c < 0x80 ? 1 : c < 0x800 ? 2 : 3);
            size_t k, wl = 0;
            int lower = 0;
            while (w[wl] && w[wl] != ' ' && w[wl] != '-' && w[wl] != '.')
                wl++;
            for (k = 0; k < sizeof keep / sizeof keep[0]; k++)
                if (strlen(keep[k]) == wl && strncmp(w, keep[k], wl) == 0)
                    lower = 1;
            sb_addc(b, lower ? c : cp_upper(c));
        } else {
            sb_addc(b, c);
        }
        prev2 = prev;
        prev = c;
    }
}

static void sb_upper(sbuf *b, const char *s)
{
    uint32_t c;
    while ((c = u8_next(&s)) != 0)
        sb_addc(b, cp_upper(c));
}

/* ------------------------------------------------------------------ */
/* Houses */

enum part {
    P_REGION, P_REGION_TYPE, P_DISTRICT, P_DISTRICT_TYPE, P_CITY, P_CITY_TYPE,
    P_STREET, P_STREET_TYPE, P_HOUSE, P_LETTER, P_KORPUS, P_STROENIE, NPARTS
};

typedef struct house {
    char *id, *text;
    char *p[NPARTS];      /* parsed parts of the register string (NULL: absent) */
    int parsed;           /* domcov_normalize succeeded */
    int in_store;         /* the import kept it (its id is in the store) */
    int superseded;       /* a later row has the same id (the import upserts) */
    int dup;              /* its parts equal another house's: a register duplicate */
    uint32_t hash;
} house;

static void house_parse(house *h)
{
    domcov_address *a = NULL;
    if (domcov_normalize(h->text, &a) != DOMCOV_OK)
        return;
    h->parsed = 1;
    h->p[P_REGION] = xstrdup(a->region);
    h->p[P_REGION_TYPE] = xstrdup(a->region_type);
    h->p[P_DISTRICT] = xstrdup(a->district);
    h->p[P_DISTRICT_TYPE] = xstrdup(a->district_type);
    h->p[P_CITY] = xstrdup(a->city);
    h->p[P_CITY_TYPE] = xstrdup(a->city_type);
    h->p[P_STREET] = xstrdup(a->street);
    h->p[P_STREET_TYPE] = xstrdup(a->street_type);
    h->p[P_HOUSE] = xstrdup(a->house);
    h->p[P_LETTER] = xstrdup(a->letter);
    h->p[P_KORPUS] = xstrdup(a->korpus);
    h->p[P_STROENIE] = xstrdup(a->stroenie);
    domcov_address_free(a);
}

/* What a style's text says of a house: decides which houses it cannot tell apart. */
#define KEEP_DISTRICT 0x1u
#define KEEP_CITY_TYPE 0x2u
#define KEEP_STREET_TYPE 0x4u
#define KEEP_ALL (KEEP_DISTRICT | KEEP_CITY_TYPE | KEEP_STREET_TYPE)

static void identity_key(const house *h, unsigned keep, sbuf *k)
{
    static const int parts[] = {P_DISTRICT, P_CITY_TYPE, P_CITY, P_STREET_TYPE, P_STREET,
                                P_HOUSE, P_LETTER, P_KORPUS, P_STROENIE};
    size_t i;
    sb_reset(k);
    for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        int p = parts[i];
        if ((p == P_DISTRICT && !(keep & KEEP_DISTRICT)) ||
            (p == P_CITY_TYPE && !(keep & KEEP_CITY_TYPE)) ||
            (p == P_STREET_TYPE && !(keep & KEEP_STREET_TYPE)))
            continue;
        sb_add(k, h->p[p] ? h->p[p] : "");
        sb_add(k, "\x1f");
    }
}

/* ------------------------------------------------------------------ */
/* Words for the styles */

typedef struct word_pair {
    const char *abbr, *full;
} word_pair;

static const word_pair city_words[] = {
    {"г", "город"}, {"п", "поселок"}, {"пгт", "поселок городского типа"},
    {"рп", "рабочий поселок"}, {"с", "село"}, {"д", "деревня"}, {"дп", "дачный поселок"},
    {"снт", "садовое некоммерческое товарищество"}, {"ст", "станция"}, {"х", "хутор"},
    {"нп", "населенный пункт"}, {"ст-ца", "станица"}, {"сл", "слобода"}, {"рзд", "разъезд"},
};

static const word_pair street_words[] = {
    {"ул", "улица"}, {"пр-кт", "проспект"}, {"пер", "переулок"}, {"б-р", "бульвар"},
    {"ш", "шоссе"}, {"наб", "набережная"}, {"пл", "площадь"}, {"проезд", "проезд"},
    {"туп", "тупик"}, {"тракт", "тракт"}, {"мкр", "микрорайон"}, {"кв-л", "квартал"},
    {"линия", "линия"}, {"аллея", "аллея"}, {"сквер", "сквер"},
};

/* Other abbreviations people use (issue #3): two per type, chosen by the house. */
static const struct {
    const char *type, *alt[2];
} street_alts[] = {
    {"пр-кт", {"пр-т", "просп."}}, {"б-р", {"бульв.", "б-р"}}, {"пер", {"пер", "пер-к"}},
    {"ш", {"ш", "шоссе"}}, {"наб", {"наб", "набер."}}, {"пл", {"пл", "пл-дь"}},
    {"проезд", {"пр-д", "пр-д."}}, {"мкр", {"мкрн", "мкр-н"}}, {"туп", {"туп", "тупик"}},
    {"кв-л", {"кварт.", "кв-л"}}, {"линия", {"лин.", "лин"}},
};

/* Short city names that people type (issue #3: "екб"). */
static const word_pair city_short[] = {
    {"екатеринбург", "екб"}, {"санкт-петербург", "спб"}, {"москва", "мск"},
    {"новосибирск", "нск"}, {"нижний новгород", "нн"}, {"челябинск", "члб"},
};

static const char *lookup(const word_pair *t, size_t n, const char *key, int full)
{
    size_t i;
    if (key == NULL)
        return NULL;
    for (i = 0; i < n; i++)
        if (strcmp(t[i].abbr, key) == 0)
            return full ? t[i].full : t[i].abbr;
    return NULL;
}

#define LOOKUP(t, key) lookup(t, sizeof t / sizeof t[0], key, 1)

/* "г. Екатеринбург" / "Екатеринбург" (type_mode 0: none, 1: abbreviation + dot, 2: full word). */
static void put_city(sbuf *b, const house *h, int type_mode)
{
    const char *t = h->p[P_CITY_TYPE];
    if (nz(t) && type_mode == 1)
        sb_addf(b, "%s. ", t);
    else if (nz(t) && type_mode == 2)
        sb_addf(b, "%s ", LOOKUP(city_words, t) ? LOOKUP(city_words, t) : t);
    sb_title(b, h->p[P_CITY] ? h->p[P_CITY] : "");
}

/* The street's name with its type: mode 1 "ул. Фурманова", 2 "улица Фурманова", 3 "Фурманова ул.". */
static void put_street(sbuf *b, const house *h, const char *name, int mode)
{
    const char *t = h->p[P_STREET_TYPE];
    if (mode == 3) {
        sb_title(b, name);
        if (nz(t))
            sb_addf(b, " %s.", t);
        return;
    }
    if (nz(t) && mode == 1)
        sb_addf(b, "%s. ", t);
    else if (nz(t) && mode == 2)
        sb_addf(b, "%s ", LOOKUP(street_words, t) ? LOOKUP(street_words, t) : t);
    sb_title(b, name);
}

/* Register style: "д. 50В, к. 2, стр. 1". */
static void put_house_register(sbuf *b, const house *h, const char *korpus_word)
{
    sb_addf(b, "д. %s", h->p[P_HOUSE]);
    if (nz(h->p[P_LETTER]))
        sb_upper(b, h->p[P_LETTER]);
    if (nz(h->p[P_KORPUS])) {
        sb_addf(b, ", %s ", korpus_word);
        sb_upper(b, h->p[P_KORPUS]);
    }
    if (nz(h->p[P_STROENIE])) {
        sb_add(b, ", стр. ");
        sb_upper(b, h->p[P_STROENIE]);
    }
}

/* "г. Екатеринбург, ул. Фурманова, д. 125, к. 2" with this street name. */
static void put_plain(sbuf *b, const house *h, const char *street)
{
    put_city(b, h, 1);
    if (nz(street)) {
        sb_add(b, ", ");
        put_street(b, h, street, 1);
    }
    sb_add(b, ", ");
    put_house_register(b, h, "к.");
}

/* ------------------------------------------------------------------ */
/* Styles: each writes the query for a house, or returns 0 when it does not apply. */

static int style_original(const house *h, sbuf *b)
{
    sb_add(b, h->text);
    return 1;
}

static int style_no_region(const house *h, sbuf *b)
{
    put_plain(b, h, h->p[P_STREET]);
    return 1;
}

static int style_reordered(const house *h, sbuf *b)
{
    if (nz(h->p[P_STREET])) {
        put_street(b, h, h->p[P_STREET], 3);
        sb_add(b, ", ");
    }
    put_house_register(b, h, "корп.");
    sb_add(b, ", ");
    /* A town needs no type ("Екатеринбург"); a village keeps it ("п. Лесной"). */
    put_city(b, h, h->p[P_CITY_TYPE] && strcmp(h->p[P_CITY_TYPE], "г") == 0 ? 0 : 1);
    return 1;
}

/* "к2", "корп а": a korpus or stroenie that is a letter needs its word. */
static void put_part_short(sbuf *b, const char *num_word, const char *word, const char *v)
{
    if (v[0] >= '0' && v[0] <= '9')
        sb_addf(b, " %s%s", num_word, v);
    else
        sb_addf(b, " %s %s", word, v);
}

static int style_short(const house *h, sbuf *b)
{
    const char *c = lookup(city_short, sizeof city_short / sizeof city_short[0], h->p[P_CITY], 1);
    sb_add(b, c ? c : h->p[P_CITY]);
    sb_add(b, ", ");
    if (nz(h->p[P_STREET]))
        sb_addf(b, "%s ", h->p[P_STREET]);
    sb_add(b, h->p[P_HOUSE]);
    if (nz(h->p[P_LETTER]))
        sb_add(b, h->p[P_LETTER]);
    if (nz(h->p[P_KORPUS]))
        put_part_short(b, "к", "корп", h->p[P_KORPUS]);
    if (nz(h->p[P_STROENIE]))
        put_part_short(b, "стр", "стр", h->p[P_STROENIE]);
    return 1;
}

static int style_compact(const house *h, sbuf *b)
{
    if (nz(h->p[P_CITY_TYPE]))
        sb_addf(b, "%s.", h->p[P_CITY_TYPE]);
    sb_title(b, h->p[P_CITY]);
    sb_add(b, ",");
    if (nz(h->p[P_STREET])) {
        if (nz(h->p[P_STREET_TYPE]))
            sb_addf(b, "%s.", h->p[P_STREET_TYPE]);
        sb_title(b, h->p[P_STREET]);
        sb_add(b, " ");
    }
    sb_add(b, h->p[P_HOUSE]);
    if (nz(h->p[P_LETTER]))
        sb_add(b, h->p[P_LETTER]);
    if (nz(h->p[P_KORPUS]))
        sb_addf(b, "к%s", h->p[P_KORPUS]);
    if (nz(h->p[P_STROENIE]))
        sb_addf(b, "с%s", h->p[P_STROENIE]);
    return 1;
}

static int style_full_words(const house *h, sbuf *b)
{
    put_city(b, h, 2);
    if (nz(h->p[P_STREET])) {
        sb_add(b, ", ");
        put_street(b, h, h->p[P_STREET], 2);
    }
    sb_addf(b, ", дом %s", h->p[P_HOUSE]);
    if (nz(h->p[P_LETTER]))
        sb_add(b, h->p[P_LETTER]);
    if (nz(h->p[P_KORPUS]))
        sb_addf(b, ", корпус %s", h->p[P_KORPUS]);
    if (nz(h->p[P_STROENIE]))
        sb_addf(b, ", строение %s", h->p[P_STROENIE]);
    return 1;
}

static int style_abbrev_other(const house *h, sbuf *b)
{
    size_t i;
    const char *alt = NULL;

    if (!nz(h->p[P_STREET]) || !nz(h->p[P_STREET_TYPE]))
        return 0;
    for (i = 0; i < sizeof street_alts / sizeof street_alts[0]; i++)
        if (strcmp(street_alts[i].type, h->p[P_STREET_TYPE]) == 0)
            alt = street_alts[i].alt[h->hash >> 3 & 1];
    if (alt == NULL)
        return 0;
    put_city(b, h, 1);
    sb_addf(b, ", %s ", alt);
    sb_title(b, h->p[P_STREET]);
    sb_addf(b, ", %s", h->p[P_HOUSE]);
    if (nz(h->p[P_LETTER]))
        sb_add(b, h->p[P_LETTER]);
    if (nz(h->p[P_KORPUS]))
        sb_addf(b, " корп. %s", h->p[P_KORPUS]);
    if (nz(h->p[P_STROENIE]))
        sb_addf(b, " стр. %s", h->p[P_STROENIE]);
    return 1;
}

static int style_lower(const house *h, sbuf *b)
{
    sb_lower(b, h->text);
    return 1;
}

/* Stems whose е is a ё in Russian spelling ("зеленая" -> "зелёная"). */
static const char *const yo_stems[] = {
    "зелен", "берез", "весел", "звезд", "семен", "федор", "артем", "королев", "пугачев", "хрущев",
    "горбачев", "озерн", "желт", "летч", "шелк", "щелк", "соловьев", "воробьев", "журавлев",
    "ковалев", "новоселов", "щеголев", "черная", "елк",
};

/* The street name with one е written ё: a known ё word, else the first е. */
static int yo_name(const char *name, sbuf *out)
{
    const char *hit = NULL;
    size_t i;

    for (i = 0; i < sizeof yo_stems / sizeof yo_stems[0] && hit == NULL; i++) {
        const char *s = name;
        while ((s = strstr(s, yo_stems[i])) != NULL) {
            /* the stem must start a word */
            if (s == name || s[-1] == ' ' || s[-1] == '-') {
                /* the stem's last е (королев -> королёв, зелен -> зелён) */
                const char *e = NULL, *q = s;
                size_t sl = strlen(yo_stems[i]);
                while ((q = strstr(q, "е")) != NULL && q < s + sl) {
                    e = q;
                    q += 2;
                }
                hit = e;
                break;
            }
            s++;
        }
    }
    if (hit == NULL)
        hit = strstr(name, "е");
    if (hit == NULL)
        return 0;
    sb_reset(out);
    {
        size_t pre = (size_t)(hit - name);
        char tmp[TEXT_MAX];
        if (pre >= sizeof tmp)
            return 0;
        memcpy(tmp, name, pre);
        tmp[pre] = '\0';
        sb_add(out, tmp);
        sb_add(out, "ё");
        sb_add(out, hit + strlen("е"));
    }
    return 1;
}

static int style_yo(const house *h, sbuf *b)
{
    sbuf name;
    if (!nz(h->p[P_STREET]) || !yo_name(h->p[P_STREET], &name))
        return 0;
    put_plain(b, h, name.s);
    return 1;
}

/* ЙЦУКЕН rows, for typos with a neighbouring key. */
static const char *const kbd_rows[3] = {"йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"};

static int kbd_find(uint32_t c, int *row, int *col)
{
    int r;
    for (r = 0; r < 3; r++) {
        const char *p = kbd_rows[r];
        uint32_t k;
        int i = 0;
        while ((k = u8_next(&p)) != 0) {
            if (k == c) {
                *row = r;
                *col = i;
                return 1;
            }
            i++;
        }
    }
    return 0;
}

static uint32_t kbd_at(int row, int col)
{
    const char *p;
    uint32_t k;
    int i = 0;
    if (row < 0 || row > 2 || col < 0)
        return 0;
    p = kbd_rows[row];
    while ((k = u8_next(&p)) != 0) {
        if (i == col)
            return k;
        i++;
    }
    return 0;
}

/* The keyboard neighbours of a letter (left, right, above, below); returns their count. */
static int kbd_neighbours(uint32_t c, uint32_t *out)
{
    int row, col, n = 0, i;
    uint32_t cand[4];

    if (!kbd_find(c, &row, &col))
        return 0;
    cand[0] = kbd_at(row, col - 1);
    cand[1] = kbd_at(row, col + 1);
    cand[2] = kbd_at(row - 1, col);
    cand[3] = kbd_at(row + 1, col);
    for (i = 0; i < 4; i++)
        if (cand[i])
            out[n++] = cand[i];
    return n;
}

#define MAX_CP 256

/*
 * One typo in name, chosen by seed: substitution with a keyboard neighbour,
 * deletion, insertion of a neighbour, or adjacent swap; never in a word's
 * first letter, only for names of 5 letters or more.  Returns 0 when none.
 */
static int make_typo(const char *name, uint32_t seed, sbuf *out)
{
    uint32_t cp[MAX_CP], nb[4];
    int n = 0, letters = 0, pos[MAX_CP], npos = 0, i, op, at, k;
    const char *p = name;
    uint32_t c;

    while ((c = u8_next(&p)) != 0 && n < MAX_CP)
        cp[n++] = c;
    for (i = 0; i < n; i++)
        letters += cp_is_letter(cp[i]);
    if (letters < 5)
        return 0;
    /* Positions inside words: a letter whose previous character is a letter. */
    for (i = 1; i < n; i++)
        if (cp_is_letter(cp[i]) && cp_is_letter(cp[i - 1]))
            pos[npos++] = i;
    if (npos == 0)
        return 0;
    op = (int)(seed % 4);
    at = pos[(seed >> 4) % (uint32_t)npos];
    sb_reset(out);
    for (k = 0; k < 4; k++, op = (op + 1) % 4) {
        sb_reset(out);
        if (op == 0) { /* substitution */
            int m = kbd_neighbours(cp[at], nb);
            if (m == 0)
                continue;
            for (i = 0; i < n; i++)
                sb_addc(out, i == at ? nb[(seed >> 12) % (uint32_t)m] : cp[i]);
        } else if (op == 1) { /* deletion */
            for (i = 0; i < n; i++)
                if (i != at)
                    sb_addc(out, cp[i]);
        } else if (op == 2) { /* insertion of a keyboard neighbour of the letter, before it */
            int m = kbd_neighbours(cp[at], nb);
            if (m == 0)
                continue;
            for (i = 0; i < n; i++) {
                if (i == at)
                    sb_addc(out, nb[(seed >> 12) % (uint32_t)m]);
                sb_addc(out, cp[i]);
            }
        } else { /* swap with the next letter */
            if (at + 1 >= n || !cp_is_letter(cp[at + 1]) || cp[at + 1] == cp[at])
                continue;
            for (i = 0; i < n; i++)
                sb_addc(out, i == at ? cp[at + 1] : i == at + 1 ? cp[at] : cp[i]);
        }
        return 1;
    }
    return 0;
}

/* Street keys of the file's register, per city: a typo must not spell another street. */
typedef struct keyset {
    char **keys;
    size_t n;
} keyset;

static keyset g_streets;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void street_set_key(const char *city, const char *district, const char *street, sbuf *k)
{
    sb_reset(k);
    sb_addf(k, "%s\x1f%s\x1f%s", city ? city : "", district ? district : "", street);
}

static int street_exists(const house *h, const char *street)
{
    sbuf k;
    const char *key = k.s;
    street_set_key(h->p[P_CITY], h->p[P_DISTRICT], street, &k);
    return g_streets.n && bsearch(&key, g_streets.keys, g_streets.n, sizeof *g_streets.keys, cmp_str);
}

static int style_typo1(const house *h, sbuf *b)
{
    sbuf name;
    uint32_t seed = h->hash;
    int tries;

    if (!nz(h->p[P_STREET]))
        return 0;
    for (tries = 0; tries < 8; tries++, seed = seed * 2654435761u + 12345u) {
        if (!make_typo(h->p[P_STREET], seed, &name))
            return 0;
        if (!street_exists(h, name.s)) {
            put_plain(b, h, name.s);
            return 1;
        }
    }
    return 0;
}

/* ---- Latin transliteration: the yandex_maps and wikipedia schemes (iuliia.ru) ---- */

typedef struct translit_scheme {
    const char *name;
    const char *shch;       /* щ */
    int wiki;               /* wikipedia: ий/ый -> y at the end, ь/ъ + vowel -> y, ье/ъе -> ye */
} translit_scheme;

static const translit_scheme scheme_yandex = {"yandex_maps", "sch", 0};
static const translit_scheme scheme_wiki = {"wikipedia", "shch", 1};

static const char *tl_base(uint32_t c, const translit_scheme *s)
{
    static const char *const t[32] = {
        "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", NULL, "", "y", "", "e", "yu", "ya"};
    if (c == 0x451)
        return "yo";
    if (c == 0x449)
        return s->shch;
    if (c >= 0x430 && c <= 0x44F)
        return t[c - 0x430];
    return NULL;
}

static int is_ru_vowel(uint32_t c)
{
    static const uint32_t v[] = {0x430, 0x435, 0x451, 0x438, 0x43E, 0x443, 0x44B, 0x44D, 0x44E, 0x44F};
    size_t i;
    for (i = 0; i < sizeof v / sizeof v[0]; i++)
        if (v[i] == c)
            return 1;
    return 0;
}

/* Transliterates lower-case Cyrillic text; each word gets a capital when cap. */
static void sb_translit(sbuf *b, const char *text, const translit_scheme *s, int cap)
{
    uint32_t cp[MAX_CP];
    int n = 0, i;
    const char *p = text;
    uint32_t c;

    while ((c = u8_next(&p)) != 0 && n < MAX_CP)
        cp[n++] = cp_lower(c);
    for (i = 0; i < n; i++) {
        uint32_t prev = i > 0 ? cp[i - 1] : 0, next = i + 1 < n ? cp[i + 1] : 0;
        int word_start = !cp_is_letter(prev) && !(prev == '-' && i > 1 && cp[i - 2] < 0x80 &&
                                                   cp[i - 2] >= '0' && cp[i - 2] <= '9');
        int word_end2 = i + 2 >= n || !cp_is_letter(cp[i + 2]);
        const char *out = NULL;
        char lit[8];

        if (!cp_is_letter(cp[i]) || cp[i] < 0x400) {
            lit[u8_put(lit, cp[i])] = '\0';
            sb_add(b, lit);
            continue;
        }
        /* endings: ый (yandex -> iy; wikipedia ий/ый -> y) */
        if (next && word_end2 && (cp[i] == 0x44B || (s->wiki && cp[i] == 0x438)) && next == 0x439) {
            const char *e = s->wiki ? "y" : (cp[i] == 0x44B ? "iy" : NULL);
            if (e) {
                sb_add(b, word_start && cap ? (s->wiki ? "Y" : "Iy") : e);
                i++;
                continue;
            }
        }
        if (cp[i] == 0x435 && (word_start || is_ru_vowel(prev) ||
                               (s->wiki && (prev == 0x44C || prev == 0x44A))))
            out = "ye";
        else if (cp[i] == 0x44A && next == 0x435 && !s->wiki)
            out = "y";
        else if (s->wiki && (cp[i] == 0x44C || cp[i] == 0x44A) &&
                 (next == 0x430 || next == 0x438 || next == 0x43E || next == 0x443 ||
                  next == 0x44B || next == 0x44D))
            out = "y";
        else
            out = tl_base(cp[i], s);
        if (out == NULL)
            out = "";
        if (word_start && cap && *out) {
            lit[0] = (char)(out[0] - 32);
            lit[1] = '\0';
            sb_add(b, lit);
            sb_add(b, out + 1);
        } else {
            sb_add(b, out);
        }
    }
}

/* A house letter, letter by letter with the base mapping ("е" -> "e", "б" -> "b"). */
static void sb_translit_letters(sbuf *b, const char *text, const translit_scheme *s)
{
    const char *p = text;
    uint32_t c;
    while ((c = u8_next(&p)) != 0) {
        const char *t = tl_base(cp_lower(c), s);
        if (t)
            sb_add(b, t);
        else
            sb_addc(b, c);
    }
}

static int style_latin(const house *h, sbuf *b)
{
    const translit_scheme *s = (h->hash >> 5 & 1) ? &scheme_wiki : &scheme_yandex;
    const char *t = h->p[P_CITY_TYPE];

    if (nz(t) && strcmp(t, "г") != 0) {
        sb_translit(b, LOOKUP(city_words, t) ? LOOKUP(city_words, t) : t, s, 0);
        sb_add(b, " ");
    }
    sb_translit(b, h->p[P_CITY], s, 1);
    if (nz(h->p[P_STREET])) {
        sb_add(b, ", ");
        if (nz(h->p[P_STREET_TYPE])) {
            const char *w = LOOKUP(street_words, h->p[P_STREET_TYPE]);
            sb_translit(b, w ? w : h->p[P_STREET_TYPE], s, 0);
            sb_add(b, " ");
        }
        sb_translit(b, h->p[P_STREET], s, 1);
    }
    sb_add(b, ", ");
    sb_translit_letters(b, h->p[P_HOUSE], s);
    if (nz(h->p[P_LETTER]))
        sb_translit_letters(b, h->p[P_LETTER], s);
    if (nz(h->p[P_KORPUS])) {
        sb_add(b, " korpus ");
        sb_translit_letters(b, h->p[P_KORPUS], s);
    }
    if (nz(h->p[P_STROENIE])) {
        sb_add(b, " ");
        sb_translit(b, "строение ", s, 0);
        sb_translit_letters(b, h->p[P_STROENIE], s);
    }
    return 1;
}

typedef struct style {
    const char *name;
    int (*make)(const house *h, sbuf *out);
    unsigned keeps;  /* KEEP_*: what of the house the text says */
    int typo;        /* 1: the typo target applies, else the clean one */
    const char *what;
} style;

static const style styles[] = {
    {"original", style_original, KEEP_ALL, 0, "the register string"},
    {"no_region", style_no_region, KEEP_CITY_TYPE | KEEP_STREET_TYPE, 0,
     "г. Екатеринбург, ул. Фурманова, д. 125, к. 2"},
    {"reordered", style_reordered, KEEP_STREET_TYPE, 0, "Фурманова ул., д. 125, корп. 2, Екатеринбург"},
    {"short", style_short, 0, 0, "екб, фурманова 125а к2 (a letter korpus: 125 корп а)"},
    {"compact", style_compact, KEEP_CITY_TYPE | KEEP_STREET_TYPE, 0, "г.Екатеринбург,ул.Фурманова 125ак2с1 (5ка for korpus а)"},
    {"full_words", style_full_words, KEEP_CITY_TYPE | KEEP_STREET_TYPE, 0,
     "город Екатеринбург, улица Фурманова, дом 125, корпус 2, строение 1"},
    {"abbrev_other", style_abbrev_other, KEEP_CITY_TYPE | KEEP_STREET_TYPE, 0,
     "г. Екатеринбург, пр-т Ленина, 5 (пр-т/просп., бульв./б-р, пер-к, пр-д, мкрн, ...)"},
    {"lower", style_lower, KEEP_ALL, 0, "the register string in lower case"},
    {"yo", style_yo, KEEP_CITY_TYPE | KEEP_STREET_TYPE, 0, "г. Екатеринбург, ул. Зелёная, д. 5"},
    {"typo1", style_typo1, KEEP_CITY_TYPE | KEEP_STREET_TYPE, 1, "г. Екатеринбург, ул. Фурсанова, д. 125"},
    {"latin", style_latin, KEEP_STREET_TYPE, 0, "Yekaterinburg, ulitsa Furmanova, 125"},
};
#define NSTYLES (sizeof styles / sizeof styles[0])

/* ------------------------------------------------------------------ */
/* Counting */

enum outcome { OK_RIGHT, OK_WRONG, OK_AMBIGUOUS, OK_NOT_FOUND, NOUTCOMES };

typedef struct tally {
    long long n[NOUTCOMES];
    long long queries;       /* counted in the denominator */
    long long not_applicable;
    long long indistinct;    /* the text cannot tell the house from another: left out */
    long long indistinct_matched; /* ... and the matcher still asserted one of them */
    long long amb_with_right;/* ambiguous with the right house among the candidates */
    long long errors;        /* domcov_check_address failed (counted as not found) */
    double seconds;
    int shown[NOUTCOMES];
} tally;

typedef struct run_opts {
    const char *data_dir;
    const char *files;
    int sample;
    int examples;
    int keep;
    FILE *failures;
    int use_style[NSTYLES];
    int assert_on;
    double min_clean, min_typo, max_wrong;
} run_opts;

static const char *outcome_name[NOUTCOMES] = {"correct", "wrong", "ambiguous", "not_found"};

static void print_parsed(FILE *f, const domcov_address *a)
{
    if (a == NULL)
        return;
    fprintf(f, "city=%s street=%s type=%s house=%s", a->city ? a->city : "-",
            a->street ? a->street : "-", a->street_type ? a->street_type : "-",
            a->house ? a->house : "-");
    if (a->letter)
        fprintf(f, " letter=%s", a->letter);
    if (a->korpus)
        fprintf(f, " korpus=%s", a->korpus);
    if (a->stroenie)
        fprintf(f, " stroenie=%s", a->stroenie);
    if (a->district)
        fprintf(f, " district=%s", a->district);
}

static void tsv_field(FILE *f, const char *s)
{
    for (; s && *s; s++)
        fputc(*s == '\t' || *s == '\n' ? ' ' : *s, f);
}

/* ------------------------------------------------------------------ */
/* Files */

typedef struct dataset {
    const char *label;
    char path[PATH_MAX];
    house *houses;
    size_t n, rows_read, rows_kept;
} dataset;

static int file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* Reads the register, keeps geocoded rows (geocode_ok 1 or 2). */
static void read_register(dataset *d)
{
    FILE *f = fopen(d->path, "rb");
    dc_csv_reader *r = NULL;
    dc_csv_record rec;
    dc_csv_options copt = {',', 0};
    int col_id = -1, col_addr = -1, col_ok = -1, header = 1, rc;
    size_t cap = 0, i;

    if (f == NULL)
        die("cannot open '%s': %s", d->path, strerror(errno));
    if (dc_csv_open_file(f, &copt, &r) != 0)
        die("out of memory");
    while ((rc = dc_csv_next(r, &rec)) == 1) {
        if (header) {
            for (i = 0; i < rec.nfields; i++) {
                if (strcmp(rec.fields[i], "house_id") == 0)
                    col_id = (int)i;
                else if (strcmp(rec.fields[i], "address") == 0)
                    col_addr = (int)i;
                else if (strcmp(rec.fields[i], "geocode_ok") == 0)
                    col_ok = (int)i;
            }
            if (col_id < 0 || col_addr < 0)
                die("%s: no house_id or address column", d->path);
            header = 0;
            continue;
        }
        d->rows_read++;
        if (rec.error || (int)rec.nfields <= col_addr || (int)rec.nfields <= col_id)
            continue;
        if (col_ok >= 0 && (int)rec.nfields > col_ok && strcmp(rec.fields[col_ok], "1") != 0 &&
            strcmp(rec.fields[col_ok], "2") != 0)
            continue;
        if (d->n == cap) {
            house *nh;
            cap = cap ? cap * 2 : 4096;
            nh = realloc(d->houses, cap * sizeof *nh);
            if (nh == NULL)
                die("out of memory");
            d->houses = nh;
        }
        memset(&d->houses[d->n], 0, sizeof d->houses[d->n]);
        d->houses[d->n].id = xstrdup(rec.fields[col_id]);
        d->houses[d->n].text = xstrdup(rec.fields[col_addr]);
        d->houses[d->n].hash = fnv1a(rec.fields[col_id]);
        d->n++;
    }
    if (rc < 0)
        die("cannot read '%s'", d->path);
    dc_csv_close(r);
    fclose(f);
    d->rows_kept = d->n;
}

/* Writes the kept rows (all columns but geocode_ok) for the import. */
static void write_filtered(const dataset *d, const char *out_path)
{
    FILE *in = fopen(d->path, "rb"), *out = fopen(out_path, "wb");
    dc_csv_reader *r = NULL;
    dc_csv_record rec;
    dc_csv_options copt = {',', 0};
    int col_ok = -1, header = 1, rc;
    size_t i;

    if (in == NULL || out == NULL)
        die("cannot open '%s' or '%s': %s", d->path, out_path, strerror(errno));
    if (dc_csv_open_file(in, &copt, &r) != 0)
        die("out of memory");
    while ((rc = dc_csv_next(r, &rec)) == 1) {
        int first = 1;
        if (header) {
            for (i = 0; i < rec.nfields; i++)
                if (strcmp(rec.fields[i], "geocode_ok") == 0)
                    col_ok = (int)i;
        } else if (rec.error || (col_ok >= 0 && (int)rec.nfields > col_ok &&
                                 strcmp(rec.fields[col_ok], "1") != 0 &&
                                 strcmp(rec.fields[col_ok], "2") != 0)) {
            continue;
        }
        for (i = 0; i < rec.nfields; i++) {
            if ((int)i == col_ok)
                continue;
            if (!first)
                fputc(',', out);
            dc_csv_write_field(out, rec.fields[i], rec.lengths[i], ',');
            first = 0;
        }
        fputc('\n', out);
        header = 0;
    }
    dc_csv_close(r);
    fclose(in);
    if (fclose(out) != 0)
        die("cannot write '%s'", out_path);
}

typedef struct reason {
    char *key, *example;
    long long n;
} reason;

static int cmp_reason(const void *a, const void *b)
{
    const reason *x = a, *y = b;
    return (x->n < y->n) - (x->n > y->n);
}

/* "file:12: rejected: address 'xyz' has no house number" -> "address '…' has no house number". */
static void reason_key(const char *msg, sbuf *k)
{
    const char *p = strstr(msg, "rejected: ");
    int in_quote = 0;
    sb_reset(k);
    p = p ? p + 10 : msg;
    for (; *p; p++) {
        if (*p == '\'') {
            sb_add(k, in_quote ? "'" : "'…");
            in_quote = !in_quote;
        } else if (!in_quote) {
            char c[2] = {*p, 0};
            sb_add(k, c);
        }
    }
}

static void print_import_report(const domcov_import_report *rep, double secs)
{
    reason *rs = xcalloc((size_t)rep->message_count + 1, sizeof *rs);
    int nr = 0, i, j;
    sbuf k;

    printf("Import (domcov_import_houses, %.1f s): read %lld, imported %lld, updated %lld, "
           "without point %lld, rejected %lld\n",
           secs, rep->read, rep->imported, rep->updated, rep->without_point, rep->rejected);
    for (i = 0; i < rep->message_count; i++) {
        if (strstr(rep->messages[i], "rejected: ") == NULL)
            continue;
        reason_key(rep->messages[i], &k);
        for (j = 0; j < nr && strcmp(rs[j].key, k.s) != 0; j++)
            ;
        if (j == nr) {
            rs[nr].key = xstrdup(k.s);
            rs[nr++].example = xstrdup(rep->messages[i]);
        }
        rs[j].n++;
    }
    qsort(rs, (size_t)nr, sizeof *rs, cmp_reason);
    for (i = 0; i < nr && i < 5; i++)
        printf("  rejected %lld: %s\n    e.g. %s\n", rs[i].n, rs[i].key, rs[i].example);
    for (i = 0; i < nr; i++) {
        free(rs[i].key);
        free(rs[i].example);
    }
    free(rs);
}

/* The ext_ids the store holds, sorted. */
static keyset store_ids(const char *store_path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    keyset ks = {NULL, 0};
    size_t cap = 0;

    if (sqlite3_open_v2(store_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT ext_id FROM houses", -1, &st, NULL) != SQLITE_OK)
        die("cannot read the houses of '%s': %s", store_path, db ? sqlite3_errmsg(db) : "?");
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (ks.n == cap) {
            char **nk;
            cap = cap ? cap * 2 : 4096;
            nk = realloc(ks.keys, cap * sizeof *nk);
            if (nk == NULL)
                die("out of memory");
            ks.keys = nk;
        }
        ks.keys[ks.n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (ks.n > 0) /* qsort(NULL, 0, ...) is undefined */
        qsort(ks.keys, ks.n, sizeof *ks.keys, cmp_str);
    return ks;
}

static void keyset_free(keyset *k)
{
    size_t i;
    for (i = 0; i < k->n; i++)
        free(k->keys[i]);
    free(k->keys);
    k->keys = NULL;
    k->n = 0;
}

static int keyset_has(const keyset *k, const char *s)
{
    return k->n && bsearch(&s, k->keys, k->n, sizeof *k->keys, cmp_str) != NULL;
}

/* Per house: 1 when another eligible house has the same identity key. */
typedef struct keyed {
    char *key;
    size_t idx;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

static void mark_collisions(const dataset *d, const int *eligible, unsigned keep, int *out)
{
    keyed *ks = xcalloc(d->n, sizeof *ks);
    size_t m = 0, i, j;
    sbuf k;

    for (i = 0; i < d->n; i++) {
        out[i] = 0;
        if (!eligible[i])
            continue;
        identity_key(&d->houses[i], keep, &k);
        ks[m].key = xstrdup(k.s);
        ks[m++].idx = i;
    }
    qsort(ks, m, sizeof *ks, cmp_keyed);
    for (i = 0; i < m; i = j) {
        for (j = i + 1; j < m && strcmp(ks[j].key, ks[i].key) == 0; j++)
            ;
        if (j - i > 1) {
            size_t t;
            for (t = i; t < j; t++)
                out[ks[t].idx] = 1;
        }
    }
    for (i = 0; i < m; i++)
        free(ks[i].key);
    free(ks);
}

/* ------------------------------------------------------------------ */

static void pct(char *out, size_t size, long long part, long long whole)
{
    if (whole == 0)
        snprintf(out, size, "-");
    else
        snprintf(out, size, "%.2f%% (%lld)", 100.0 * (double)part / (double)whole, part);
}

static void print_row(const char *name, const tally *t, int show_rate)
{
    char c[4][64];
    int i;
    for (i = 0; i < NOUTCOMES; i++)
        pct(c[i], sizeof c[i], t->n[i], t->queries);
    printf("| %-12s | %7lld | %-16s | %-14s | %-16s | %-16s | %6lld | %7lld |", name, t->queries,
           c[0], c[1], c[2], c[3], t->not_applicable, t->indistinct);
    if (show_rate && t->seconds > 0)
        printf(" %8.0f |\n", (double)(t->queries + t->indistinct) / t->seconds);
    else
        printf(" %8s |\n", "");
}

/* Runs one register file; returns 1 when an --assert threshold failed. */
static int run_file(dataset *d, const run_opts *o, const char *workdir)
{
    char csv_path[PATH_MAX + 64], store_path[PATH_MAX + 64];
    domcov_import_report *rep = NULL;
    domcov_db *db = NULL;
    keyset ids;
    int *eligible, *dup, *indist, *sampled, failed = 0;
    size_t i, neligible = 0, nparsed = 0, nsuper = 0, ndup = 0, nmissing = 0, nsampled = 0;
    tally t[NSTYLES], total;
    double t0;
    int s;

    memset(t, 0, sizeof t);
    memset(&total, 0, sizeof total);
    read_register(d);
    printf("\n## %s\n\nFile: %s\nRows: %zu read, %zu geocoded (geocode_ok 1 or 2) kept\n", d->label,
           d->path, d->rows_read, d->rows_kept);

    snprintf(csv_path, sizeof csv_path, "%s/%s.csv", workdir, d->label);
    snprintf(store_path, sizeof store_path, "%s/%s.sqlite", workdir, d->label);
    write_filtered(d, csv_path);
    unlink(store_path);
    t0 = now_s();
    if (domcov_import_houses(store_path, csv_path, NULL, &rep) != DOMCOV_OK)
        die("import of '%s' failed: %s", csv_path, domcov_errmsg(NULL));
    print_import_report(rep, now_s() - t0);
    domcov_import_report_free(rep);
    if (domcov_open(store_path, 0, &db) != DOMCOV_OK)
        die("cannot open '%s': %s", store_path, domcov_errmsg(NULL));
    ids = store_ids(store_path);

    /* Which houses are queried: parsed, in the store, the last row of their id. */
    eligible = xcalloc(d->n, sizeof *eligible);
    dup = xcalloc(d->n, sizeof *dup);
    indist = xcalloc(d->n, sizeof *indist);
    sampled = xcalloc(d->n, sizeof *sampled);
    {
        keyed *byid = xcalloc(d->n, sizeof *byid);
        for (i = 0; i < d->n; i++) {
            byid[i].key = d->houses[i].id;
            byid[i].idx = i;
        }
        qsort(byid, d->n, sizeof *byid, cmp_keyed);
        for (i = 0; i + 1 < d->n; i++)
            if (strcmp(byid[i].key, byid[i + 1].key) == 0) {
                size_t a = byid[i].idx, b = byid[i + 1].idx;
                d->houses[a < b ? a : b].superseded = 1;
            }
        free(byid);
    }
    for (i = 0; i < d->n; i++) {
        house *h = &d->houses[i];
        house_parse(h);
        nparsed += h->parsed;
        h->in_store = keyset_has(&ids, h->id);
        nsuper += h->superseded;
        nmissing += !h->in_store;
        eligible[i] = h->parsed && h->in_store && !h->superseded && nz(h->p[P_HOUSE]) &&
                      nz(h->p[P_CITY]);
    }
    mark_collisions(d, eligible, KEEP_ALL, dup);
    for (i = 0; i < d->n; i++) {
        d->houses[i].dup = dup[i];
        if (eligible[i] && dup[i]) {
            ndup++;
            eligible[i] = 0;
        }
        neligible += eligible[i];
    }
    /* The sample: every k-th eligible house. */
    {
        size_t step = o->sample > 0 && neligible > (size_t)o->sample ? neligible / (size_t)o->sample : 1, e = 0;
        for (i = 0; i < d->n; i++)
            if (eligible[i] && e++ % step == 0 && (o->sample <= 0 || nsampled < (size_t)o->sample)) {
                sampled[i] = 1;
                nsampled++;
            }
    }
    /* Streets of the register, for typos that must not spell another street. */
    {
        size_t m = 0;
        sbuf k;
        g_streets.keys = xcalloc(d->n, sizeof *g_streets.keys);
        for (i = 0; i < d->n; i++)
            if (d->houses[i].parsed && nz(d->houses[i].p[P_STREET])) {
                street_set_key(d->houses[i].p[P_CITY], d->houses[i].p[P_DISTRICT],
                               d->houses[i].p[P_STREET], &k);
                g_streets.keys[m++] = xstrdup(k.s);
            }
        g_streets.n = m;
        qsort(g_streets.keys, m, sizeof *g_streets.keys, cmp_str);
    }
    printf("Houses: %zu parsed; %zu not in the store (rejected at import); %zu rows superseded by a "
           "later row of the same house_id;\n        %zu register duplicates (same parsed parts as "
           "another house: left out); %zu queried%s\n",
           nparsed, nmissing, nsuper, ndup, nsampled, o->sample > 0 ? " (sample)" : "");

    for (s = 0; s < (int)NSTYLES; s++) {
        const style *st = &styles[s];
        sbuf q;
        if (!o->use_style[s])
            continue;
        mark_collisions(d, eligible, st->keeps, indist);
        for (i = 0; i < d->n; i++) {
            const house *h = &d->houses[i];
            domcov_address_result *r = NULL;
            int rc, oc, k;
            double q0;

            if (!sampled[i])
                continue;
            sb_reset(&q);
            if (!st->make(h, &q)) {
                t[s].not_applicable++;
                continue;
            }
            q0 = now_s();
            rc = domcov_check_address(db, q.s, NULL, &r);
            t[s].seconds += now_s() - q0;
            if (indist[i]) {
                t[s].indistinct++;
                t[s].indistinct_matched += rc == DOMCOV_OK && r->status == DOMCOV_MATCHED &&
                                           r->house_id != NULL;
                domcov_address_result_free(r);
                continue;
            }
            t[s].queries++;
            if (rc != DOMCOV_OK) {
                t[s].errors++;
                oc = OK_NOT_FOUND;
            } else if (r->status == DOMCOV_MATCHED && r->house_id) {
                oc = strcmp(r->house_id, h->id) == 0 ? OK_RIGHT : OK_WRONG;
            } else if (r->status == DOMCOV_AMBIGUOUS) {
                oc = OK_AMBIGUOUS;
                for (k = 0; k < r->candidate_count; k++)
                    if (r->candidates[k].house_id && strcmp(r->candidates[k].house_id, h->id) == 0) {
                        t[s].amb_with_right++;
                        break;
                    }
            } else {
                oc = OK_NOT_FOUND;
            }
            t[s].n[oc]++;
            if (oc != OK_RIGHT && t[s].shown[oc] < o->examples) {
                if (t[s].shown[oc]++ == 0 && oc != OK_RIGHT)
                    printf("\n  [%s] %s:\n", st->name, outcome_name[oc]);
                printf("    %s\n      want %s: %s\n", q.s, h->id, h->text);
                if (rc != DOMCOV_OK) {
                    printf("      error %s: %s\n", domcov_status_name(rc), domcov_errmsg(db));
                } else {
                    printf("      got  %s/%s", domcov_match_status_name(r->status),
                           domcov_match_level_name(r->match_level));
                    if (r->house_id || r->address)
                        printf(" %s: %s", r->house_id ? r->house_id : "-",
                               r->address ? r->address : "-");
                    if (r->candidate_count && oc == OK_AMBIGUOUS)
                        printf(" (%d candidates, 1st %s)", r->candidate_count,
                               r->candidates[0].address ? r->candidates[0].address : "-");
                    printf("\n      read ");
                    print_parsed(stdout, r->parsed);
                    printf("\n");
                }
            }
            if (oc != OK_RIGHT && o->failures) {
                FILE *f = o->failures;
                fprintf(f, "%s\t%s\t%s\t%s\t", d->label, st->name, outcome_name[oc], h->id);
                tsv_field(f, q.s);
                fputc('\t', f);
                tsv_field(f, h->text);
                fputc('\t', f);
                if (rc == DOMCOV_OK) {
                    fprintf(f, "%s/%s\t%s\t", domcov_match_status_name(r->status),
                            domcov_match_level_name(r->match_level), r->house_id ? r->house_id : "");
                    tsv_field(f, r->address);
                    fputc('\t', f);
                    if (r->candidate_count)
                        tsv_field(f, r->candidates[0].address);
                    fputc('\t', f);
                    print_parsed(f, r->parsed);
                } else {
                    fprintf(f, "error\t\t%s\t\t", domcov_status_name(rc));
                }
                fputc('\n', f);
            }
            domcov_address_result_free(r);
        }
        fflush(stdout);
    }

    printf("\n| style        | queries | correct          | wrong          | ambiguous        | not found"
           "        | n/a    | indist. | query/s  |\n"
           "|--------------|--------:|------------------|----------------|------------------|-----"
           "-------------|-------:|--------:|---------:|\n");
    for (s = 0; s < (int)NSTYLES; s++) {
        int k;
        if (!o->use_style[s])
            continue;
        print_row(styles[s].name, &t[s], 1);
        for (k = 0; k < NOUTCOMES; k++)
            total.n[k] += t[s].n[k];
        total.queries += t[s].queries;
        total.not_applicable += t[s].not_applicable;
        total.indistinct += t[s].indistinct;
        total.indistinct_matched += t[s].indistinct_matched;
        total.amb_with_right += t[s].amb_with_right;
        total.errors += t[s].errors;
        total.seconds += t[s].seconds;
    }
    print_row("overall", &total, 1);
    printf("\nAmbiguous answers listing the right house among their candidates: %lld of %lld.\n",
           total.amb_with_right, total.n[OK_AMBIGUOUS]);
    printf("Indistinct queries (the style's text fits several register houses; left out): %lld, "
           "of which the matcher still MATCHED one house: %lld.\n",
           total.indistinct, total.indistinct_matched);
    if (total.errors)
        printf("Calls that failed (counted as not found): %lld\n", total.errors);

    /* Targets of issue #3. */
    printf("\nTargets: >= 98%% correct on every clean style, >= 95%% with one street typo, "
           "wrong <= 0.5%% overall\n");
    for (s = 0; s < (int)NSTYLES; s++) {
        double c;
        double want = styles[s].typo ? 95.0 : 98.0, lim = styles[s].typo ? o->min_typo : o->min_clean;
        if (!o->use_style[s] || t[s].queries == 0)
            continue;
        c = 100.0 * (double)t[s].n[OK_RIGHT] / (double)t[s].queries;
        printf("  %-12s %6.2f%% correct  %s%s\n", styles[s].name, c, c >= want ? "met" : "MISSED",
               o->assert_on && c < lim ? "  (below the --assert threshold)" : "");
        if (o->assert_on && c < lim)
            failed = 1;
    }
    if (total.queries) {
        double w = 100.0 * (double)total.n[OK_WRONG] / (double)total.queries;
        printf("  %-12s %6.2f%% wrong    %s%s\n", "overall", w, w <= 0.5 ? "met" : "MISSED",
               o->assert_on && w > o->max_wrong ? "  (above the --assert threshold)" : "");
        if (o->assert_on && w > o->max_wrong)
            failed = 1;
    }

    domcov_close(db);
    keyset_free(&ids);
    keyset_free(&g_streets);
    free(eligible);
    free(dup);
    free(indist);
    free(sampled);
    if (!o->keep) {
        unlink(csv_path);
        unlink(store_path);
    } else {
        printf("\nKept: %s, %s\n", csv_path, store_path);
    }
    return failed;
}

static void usage(FILE *f)
{
    size_t i;
    fprintf(f,
            "Usage: quality_report [--data DIR] [--file ekaterinburg|omsk|all|PATH.csv]\n"
            "                      [--styles a,b,...] [--sample N] [--examples N]\n"
            "                      [--failures OUT.tsv] [--assert CLEAN,TYPO,WRONG] [--keep]\n"
            "Measures domcov_check_address on the shared real registers (docs/quality.md).\n"
            "  --data DIR      the shared data folder (default $DOMCOV_SHARED_DATA, else %s)\n"
            "  --file F        ekaterinburg, omsk, all (default) or a CSV of the same columns\n"
            "  --sample N      query N houses spread over the file (the store holds them all)\n"
            "  --examples N    print the first N wrong, ambiguous and not-found queries per style (5)\n"
            "  --failures F    write every failed query to F as TSV\n"
            "  --assert C,T,W  exit 1 when a clean style is below C%% correct, typo1 below T%%,\n"
            "                  or wrong above W%% overall\n"
            "  --keep          keep the temporary CSV and store\n"
            "Styles:\n",
            DOMCOV_SHARED_DATA_DEFAULT);
    for (i = 0; i < NSTYLES; i++)
        fprintf(f, "  %-13s %s\n", styles[i].name, styles[i].what);
    fprintf(f, "Exit status: 0 done, 1 an --assert threshold failed, 2 usage or setup error,\n"
               "77 the shared data is absent.\n");
}

int main(int argc, char **argv)
{
    run_opts o;
    dataset sets[8];
    int nsets = 0, i, failed = 0;
    char workdir[PATH_MAX];
    const char *tmp = getenv("TMPDIR");
    const char *failures_path = NULL;
    double t0 = now_s();

    memset(&o, 0, sizeof o);
    memset(sets, 0, sizeof sets);
    o.data_dir = getenv("DOMCOV_SHARED_DATA");
    if (o.data_dir == NULL || *o.data_dir == '\0')
        o.data_dir = DOMCOV_SHARED_DATA_DEFAULT;
    o.files = "all";
    o.examples = 5;
    for (i = 0; i < (int)NSTYLES; i++)
        o.use_style[i] = 1;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--keep") == 0) {
            o.keep = 1;
            continue;
        }
        if (v == NULL) {
            usage(stderr);
            return 2;
        }
        i++;
        if (strcmp(a, "--data") == 0)
            o.data_dir = v;
        else if (strcmp(a, "--file") == 0)
            o.files = v;
        else if (strcmp(a, "--sample") == 0)
            o.sample = atoi(v);
        else if (strcmp(a, "--examples") == 0)
            o.examples = atoi(v);
        else if (strcmp(a, "--failures") == 0)
            failures_path = v;
        else if (strcmp(a, "--assert") == 0) {
            if (sscanf(v, "%lf,%lf,%lf", &o.min_clean, &o.min_typo, &o.max_wrong) != 3)
                die("--assert wants CLEAN,TYPO,WRONG percentages, e.g. 98,95,0.5");
            o.assert_on = 1;
        } else if (strcmp(a, "--styles") == 0) {
            char buf[1024], *tok, *save = NULL;
            size_t k;
            memset(o.use_style, 0, sizeof o.use_style);
            snprintf(buf, sizeof buf, "%s", v);
            for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
                for (k = 0; k < NSTYLES && strcmp(styles[k].name, tok) != 0; k++)
                    ;
                if (k == NSTYLES)
                    die("unknown style '%s' (see --help)", tok);
                o.use_style[k] = 1;
            }
        } else {
            usage(stderr);
            return 2;
        }
    }

    if (strcmp(o.files, "all") == 0 || strcmp(o.files, "ekaterinburg") == 0) {
        sets[nsets].label = "ekaterinburg";
        snprintf(sets[nsets++].path, PATH_MAX, "%s/real/reformagkh_ekaterinburg_2016.csv", o.data_dir);
    }
    if (strcmp(o.files, "all") == 0 || strcmp(o.files, "omsk") == 0) {
        sets[nsets].label = "omsk";
        snprintf(sets[nsets++].path, PATH_MAX, "%s/real/reformagkh_omsk_oblast_2016.csv", o.data_dir);
    }
    if (nsets == 0) {
        sets[nsets].label = "custom";
        snprintf(sets[nsets++].path, PATH_MAX, "%s", o.files);
    }
    for (i = 0; i < nsets; i++)
        if (!file_exists(sets[i].path)) {
            printf("SKIP: %s is absent (give --data DIR or DOMCOV_SHARED_DATA)\n", sets[i].path);
            return EXIT_SKIP;
        }
    if (failures_path) {
        o.failures = fopen(failures_path, "w");
        if (o.failures == NULL)
            die("cannot write '%s': %s", failures_path, strerror(errno));
        fprintf(o.failures, "file\tstyle\toutcome\thouse_id\tquery\tregister\tgot\tgot_id\tgot_address\t"
                            "first_candidate\tread\n");
    }
    snprintf(workdir, sizeof workdir, "%s/domcov-quality-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(workdir) == NULL)
        die("cannot create a temporary folder: %s", strerror(errno));

    printf("# domcov matching quality (libdomcov %s)\n", domcov_version());
    for (i = 0; i < nsets; i++)
        failed |= run_file(&sets[i], &o, workdir);
    if (!o.keep)
        rmdir(workdir);
    if (o.failures)
        fclose(o.failures);
    printf("\nTotal time %.1f s\n", now_s() - t0);
    for (i = 0; i < nsets; i++) {
        size_t k;
        int p;
        for (k = 0; k < sets[i].n; k++) {
            free(sets[i].houses[k].id);
            free(sets[i].houses[k].text);
            for (p = 0; p < NPARTS; p++)
                free(sets[i].houses[k].p[p]);
        }
        free(sets[i].houses);
    }
    return failed ? 1 : 0;
}
