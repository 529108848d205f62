/*
 * Address checks, measured on the same stores and queries side by side
 * (issue #8, docs/performance.md "Performance of address checks"):
 *
 *   exact   raw addresses as people type them (six styles) -> domcov_check_address,
 *           default options, then the status-only flags of `domcov batch`
 *           (DOMCOV_CHECK_NO_DISTANCE|DOMCOV_CHECK_NO_CITY, max_candidates 1)
 *   norm    domcov_normalize alone on the same texts
 *   fuzzy   one typo in the street name, city given -> domcov_check_address
 *   SQL     the naive design, the baseline of every ratio: domcov_normalize,
 *           then the house by a TEXT key (city, street, house) in an indexed
 *           SQLite table, then the zones by SpatiaLite ST_Contains through the
 *           spatial index (immutable=1, mmap); for typos, an edit-distance
 *           scan of the city's streets first.  Sampled: it is slow.
 *
 * Stores: generated ones of 10k, 100k and 1M houses (several cities,
 * thousands of streets with Russian names, house numbers with letters,
 * korpus, stroenie and corner numbers, a few zones per city), built once
 * under --work with domcov_build_store and reused; the bundled sample store;
 * the real Ekaterinburg register (reformagkh 2016, geocode_ok 1 or 2, with
 * the sample's illustrative Ekaterinburg zones), imported with
 * domcov_import_houses.  Per store: warm open time, RSS after open (in a
 * fresh process), the in-memory register's sizes, throughput and latency
 * percentiles, and how many answers are right (so no figure comes from wrong
 * answers).  Single thread.
 *
 * Usage: bench_addresses [--queries N] [--sql-queries N] [--work DIR] [--quick]
 *                        [--shared DIR] [--sizes 10000,100000,1000000] [--failures N]
 *                        [SAMPLE_STORE]
 * --failures N prints, per store, the first N queries whose answer was not
 * their house (what the "right" percentages leave out).  --only METHOD
 * (exact, status, norm, fuzzy, sql, sql-fuzzy) measures that one on the
 * generated stores only: for `perf record`.
 */
#include "domcov.h"
#include "bench_common.h"
#include "geo/zone_index.h"
#include "store/store.h"
#include "text_case.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
/* after sqlite3.h, which it needs */
#include <spatialite.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef DC_SHARED_DATA
#define DC_SHARED_DATA "../shared/data"
#endif

#define M_PER_DEG_LAT 111132.954
#define TEXT_MAX 1024
#include "text_buf.h"
#define NSTYLES 6

/* ------------------------------------------------------------------ */
/* Small helpers */

static int rndi(int n)
{
    return (int)(rnd() * n) % n;
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("bench_addresses: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (d == NULL)
        die("out of memory");
    return d;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        die("out of memory");
    return p;
}

static int file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* UTF-8 <-> arrays of codepoints (tests/text_case.h has one at a time and the letter case). */
static int u8_decode(const char *s, uint32_t *cp, int max)
{
    int n = 0;
    while (*s && n < max)
        cp[n++] = u8_next(&s);
    return n;
}

static void u8_encode(const uint32_t *cp, int n, char *out, size_t size)
{
    size_t o = 0;
    int i;
    for (i = 0; i < n && o + 4 < size; i++)
        o += u8_put(out + o, cp[i]);
    out[o] = '\0';
}

static void str_case(const char *in, char *out, size_t size, int upper)
{
    uint32_t cp[TEXT_MAX];
    int n = u8_decode(in, cp, TEXT_MAX), i;
    for (i = 0; i < n; i++)
        cp[i] = upper ? cp_upper(cp[i]) : cp_lower(cp[i]);
    u8_encode(cp, n, out, size);
}

/* ------------------------------------------------------------------ */
/* The generated stores */

typedef struct gen_city {
    const char *code, *name, *region;
    double lat, lon;
} gen_city;

static const gen_city gen_cities[] = {
    {"perm", "Пермь", "Пермский край", 58.0105, 56.2502},
    {"ekaterinburg", "Екатеринбург", "Свердловская обл.", 56.8389, 60.6057},
    {"kazan", "Казань", "Республика Татарстан", 55.7963, 49.1088},
    {"omsk", "Омск", "Омская обл.", 54.9893, 73.3682},
    {"novosibirsk", "Новосибирск", "Новосибирская обл.", 55.0302, 82.9204},
    {"samara", "Самара", "Самарская обл.", 53.1959, 50.1002},
    {"ufa", "Уфа", "Республика Башкортостан", 54.7348, 55.9579},
    {"chelyabinsk", "Челябинск", "Челябинская обл.", 55.1644, 61.4368},
    {"tyumen", "Тюмень", "Тюменская обл.", 57.1522, 65.5272},
    {"krasnoyarsk", "Красноярск", "Красноярский край", 56.0153, 92.8932},
    {"izhevsk", "Ижевск", "Удмуртская Республика", 56.8526, 53.2045},
    {"barnaul", "Барнаул", "Алтайский край", 53.3548, 83.7698},
    {"irkutsk", "Иркутск", "Иркутская обл.", 52.2870, 104.3050},
    {"yaroslavl", "Ярославль", "Ярославская обл.", 57.6261, 39.8845},
    {"voronezh", "Воронеж", "Воронежская обл.", 51.6608, 39.2003},
    {"saratov", "Саратов", "Саратовская обл.", 51.5331, 46.0342},
    {"orenburg", "Оренбург", "Оренбургская обл.", 51.7682, 55.0970},
    {"kirov", "Киров", "Кировская обл.", 58.6036, 49.6680},
    {"tomsk", "Томск", "Томская обл.", 56.4846, 84.9476},
    {"ryazan", "Рязань", "Рязанская обл.", 54.6269, 39.6916},
};
#define NGEN_CITIES ((int)(sizeof gen_cities / sizeof gen_cities[0]))

/* Surnames in the genitive, as streets are named after people. */
static const char *const persons[] = {
    "Ленина", "Пушкина", "Гагарина", "Кирова", "Горького", "Чкалова", "Фрунзе", "Толстого",
    "Лермонтова", "Гоголя", "Чехова", "Некрасова", "Тургенева", "Мичурина", "Крупской",
    "Куйбышева", "Свердлова", "Дзержинского", "Калинина", "Жукова", "Маяковского", "Есенина",
    "Шевченко", "Белинского", "Герцена", "Чернышевского", "Добролюбова", "Радищева", "Крылова",
    "Грибоедова", "Достоевского", "Островского", "Менделеева", "Ломоносова", "Попова",
    "Циолковского", "Суворова", "Кутузова", "Багратиона", "Нахимова", "Ушакова", "Чапаева",
    "Щорса", "Будённого", "Ворошилова", "Орджоникидзе", "Луначарского", "Урицкого",
    "Володарского", "Баумана", "Плеханова", "Халтурина", "Степана Халтурина", "Матросова",
    "Космодемьянской", "Гастелло", "Талалихина", "Карбышева", "Панфилова", "Ватутина",
    "Черняховского", "Малышева", "Вайнера", "Мамина-Сибиряка", "Бажова", "Шаумяна", "Фурманова", "Серова", "Репина", "Сурикова", "Левитана",
    "Шишкина", "Глинки", "Чайковского", "Римского-Корсакова", "Мусоргского", "Рахманинова",
    "Лобачевского", "Королёва", "Курчатова", "Вавилова", "Тимирязева", "Пирогова", "Сеченова",
    "Бехтерева", "Мечникова", "Павлова", "Докучаева", "Ползунова", "Кулибина", "Черепановых",
    "Ермака", "Хабарова", "Дежнёва", "Беринга", "Пржевальского", "Миклухо-Маклая",
    "Седова", "Папанина", "Шмидта", "Челюскинцев", "Стаханова", "Маресьева", "Покрышкина",
    "Кожедуба", "Зорге", "Кошевого", "Громовой", "Тюленина", "Шевцовой", "Земнухова",
    "Лизы Чайкиной", "Осипенко", "Расковой", "Гризодубовой", "Терешковой", "Титова",
    "Леонова", "Комарова", "Беляева", "Волкова", "Добровольского", "Пацаева", "Шолохова",
    "Фадеева", "Твардовского", "Пастернака", "Ахматовой", "Цветаевой", "Блока", "Бунина",
    "Куприна", "Короленко", "Гаршина", "Лескова", "Салтыкова-Щедрина", "Державина",
    "Жуковского", "Баратынского", "Кольцова", "Никитина", "Рылеева", "Пестеля", "Муравьёва",
    "Бестужева", "Каховского", "Трубецкого", "Волконского", "Разина", "Пугачёва", "Болотникова",
    "Минина", "Пожарского", "Сусанина", "Хмельницкого", "Богдана Хмельницкого", "Франко",
};

static const char *const titles[] = {"Маршала", "Генерала", "Академика", "Адмирала",
                                     "Героя", "Космонавта", "Профессора", "Композитора"};
static const char *const titled[] = {
    "Жукова", "Конева", "Рокоссовского", "Василевского", "Малиновского", "Толбухина",
    "Говорова", "Баграмяна", "Мерецкова", "Чуйкова", "Бирюзова", "Еременко", "Катукова",
    "Королёва", "Курчатова", "Павлова", "Вавилова", "Макарова", "Нахимова", "Ушакова",
    "Сахарова", "Лаврентьева", "Келдыша", "Туполева", "Ильюшина", "Яковлева", "Микояна",
    "Лавочкина", "Петрова", "Иванова", "Сидорова", "Кузнецова", "Смирнова", "Попова",
    "Васильева", "Соколова", "Михайлова", "Новикова", "Фёдорова", "Морозова",
};
static const char *const full_names[] = {
    "Николая Островского", "Карла Маркса", "Розы Люксембург", "Льва Толстого",
    "Зои Космодемьянской", "Александра Матросова", "Степана Разина", "Емельяна Пугачёва",
    "Павлика Морозова", "Ивана Франко", "Максима Горького", "Сергея Есенина", "Юрия Гагарина",
    "Михаила Ломоносова", "Полины Осипенко", "Клары Цеткин", "Фридриха Энгельса",
    "Александра Невского", "Дмитрия Донского", "Ивана Сусанина", "Василия Тёркина",
    "Олега Кошевого", "Любови Шевцовой", "Сергея Лазо", "Ивана Черных",
};
static const char *const nouns[] = {
    "Мира", "Победы", "Свободы", "Дружбы", "Труда", "Юности", "Революции", "Коммуны",
    "Октября", "Республики", "Согласия", "Строителей", "Энтузиастов", "Космонавтов",
    "Металлургов", "Химиков", "Геологов", "Партизан", "Декабристов", "Комсомольцев",
    "Машиностроителей", "Авиаторов", "Связистов", "Железнодорожников", "Танкистов",
    "Студентов", "Пионеров", "Чекистов", "Шахтёров", "Энергетиков", "Нефтяников", "Речников",
    "Моряков", "Лётчиков", "Медиков", "Учителей", "Ветеранов", "Героев Труда",
    "Героев Хасана", "Красных Зорь", "Парижской Коммуны", "Баррикад", "Интернационала",
};
static const char *const numbered[] = {
    "8 Марта", "9 Мая", "1 Мая", "40 лет Победы", "50 лет Октября", "60 лет Октября",
    "30 лет Победы", "50 лет ВЛКСМ", "22 Партсъезда", "26 Бакинских Комиссаров",
    "40 лет Октября", "70 лет Октября", "9 Января", "25 Октября", "1905 года", "50 лет Победы",
    "60 лет Победы", "30 лет ВЛКСМ", "12 Декабря", "23 Февраля", "XXII Партсъезда",
    "50 лет СССР", "60 лет СССР", "40 лет ВЛКСМ",
};

/* Adjective stems and their declension: h Садов-ая/-ый/-ое, o Лугов-ая/-ой/-ое,
 * k Уральск-ая/-ий/-ое, s Верхн-яя/-ий/-ее. */
static const struct {
    const char *stem;
    char cls;
} adjectives[] = {
    {"Садов", 'h'}, {"Лесн", 'h'}, {"Центральн", 'h'}, {"Молодёжн", 'h'}, {"Зелён", 'h'},
    {"Солнечн", 'h'}, {"Школьн", 'h'}, {"Нов", 'h'}, {"Красн", 'h'}, {"Фабричн", 'h'},
    {"Вокзальн", 'h'}, {"Светл", 'h'}, {"Озёрн", 'h'}, {"Цветочн", 'h'}, {"Рябинов", 'h'},
    {"Берёзов", 'h'}, {"Кленов", 'h'}, {"Липов", 'h'}, {"Соснов", 'h'}, {"Кедров", 'h'},
    {"Вишнёв", 'h'}, {"Ясн", 'h'}, {"Мирн", 'h'}, {"Южн", 'h'}, {"Северн", 'h'},
    {"Восточн", 'h'}, {"Западн", 'h'}, {"Спортивн", 'h'}, {"Театральн", 'h'}, {"Парков", 'h'},
    {"Горн", 'h'}, {"Нагорн", 'h'}, {"Подгорн", 'h'}, {"Промышленн", 'h'},
    {"Индустриальн", 'h'}, {"Кооперативн", 'h'}, {"Колхозн", 'h'}, {"Совхозн", 'h'},
    {"Тополин", 'h'}, {"Черёмухов", 'h'}, {"Малинов", 'h'}, {"Земляничн", 'h'},
    {"Полев", 'o'}, {"Лугов", 'o'}, {"Берегов", 'o'}, {"Степн", 'o'}, {"Речн", 'o'},
    {"Трудов", 'o'}, {"Почтов", 'o'}, {"Кольцев", 'o'}, {"Окружн", 'o'}, {"Боров", 'o'},
    {"Советск", 'k'}, {"Пролетарск", 'k'}, {"Комсомольск", 'k'}, {"Октябрьск", 'k'},
    {"Первомайск", 'k'}, {"Заводск", 'k'}, {"Тих", 'k'}, {"Студенческ", 'k'},
    {"Космическ", 'k'}, {"Уральск", 'k'}, {"Сибирск", 'k'}, {"Волжск", 'k'}, {"Камск", 'k'},
    {"Байкальск", 'k'}, {"Московск", 'k'}, {"Ленинградск", 'k'}, {"Казанск", 'k'},
    {"Стахановск", 'k'}, {"Краснофлотск", 'k'}, {"Красноармейск", 'k'},
    {"Красногвардейск", 'k'}, {"Пионерск", 'k'}, {"Широк", 'k'}, {"Высок", 'k'}, {"Глубок", 'k'},
    {"Верхн", 's'}, {"Нижн", 's'}, {"Средн", 's'}, {"Дальн", 's'}, {"Летн", 's'}, {"Зимн", 's'},
    {"Осенн", 's'}, {"Весенн", 's'},
};

enum gender { FEM, MASC, NEUT };
static const struct {
    const char *type;
    int gender;
    double p;
} street_types[] = {
    {"ул", FEM, 0.72},    {"пер", MASC, 0.09}, {"пр-кт", MASC, 0.04}, {"проезд", MASC, 0.04},
    {"б-р", MASC, 0.02},  {"ш", NEUT, 0.02},   {"наб", FEM, 0.015},   {"пл", FEM, 0.015},
    {"туп", MASC, 0.01},  {"аллея", FEM, 0.01}, {"тракт", MASC, 0.01},
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A street's (type, name) drawn from the vocabulary. */
static void gen_street_name(char *type, char *name, size_t size)
{
    double r = rnd(), acc = 0;
    int t = 0, i;

    for (i = 0; i < N(street_types); i++) {
        acc += street_types[i].p;
        if (r < acc) {
            t = i;
            break;
        }
    }
    snprintf(type, 32, "%s", street_types[t].type);
    r = rnd();
    if (r < 0.34) {
        snprintf(name, size, "%s", persons[rndi(N(persons))]);
    } else if (r < 0.46) {
        snprintf(name, size, "%s %s", titles[rndi(N(titles))], titled[rndi(N(titled))]);
    } else if (r < 0.51) {
        snprintf(name, size, "%s", full_names[rndi(N(full_names))]);
    } else if (r < 0.63) {
        snprintf(name, size, "%s", nouns[rndi(N(nouns))]);
    } else if (r < 0.67) {
        snprintf(name, size, "%s", numbered[rndi(N(numbered))]);
    } else {
        static const char *const end[4][3] = {
            {"ая", "ый", "ое"}, {"ая", "ой", "ое"}, {"ая", "ий", "ое"}, {"яя", "ий", "ее"}};
        static const char *const ord[3] = {"я", "й", "е"};
        int a = rndi(N(adjectives)), g = street_types[t].gender;
        int cls = adjectives[a].cls == 'h' ? 0 : adjectives[a].cls == 'o' ? 1
                  : adjectives[a].cls == 'k' ? 2 : 3;
        if (rnd() < 0.25) /* "2-я Садовая", "3-й Луговой пер." */
            snprintf(name, size, "%d-%s %s%s", 1 + rndi(6), ord[g], adjectives[a].stem,
                     end[cls][g]);
        else
            snprintf(name, size, "%s%s", adjectives[a].stem, end[cls][g]);
    }
}

/* A star polygon ring around (lat, lon), radius r metres, as GeoJSON. */
static void write_ring(FILE *f, double lat, double lon, double r)
{
    double kx = M_PER_DEG_LAT * cos(lat * M_PI / 180);
    double x0 = 0, y0 = 0;
    int i, n = 48;

    fputs("[[", f);
    for (i = 0; i < n; i++) {
        double a = 2 * M_PI * i / n, rr = r * (0.8 + 0.2 * rnd());
        double x = lon + rr * cos(a) / kx, y = lat + rr * sin(a) / M_PER_DEG_LAT;
        if (i == 0) {
            x0 = x;
            y0 = y;
        }
        fprintf(f, "[%.7f,%.7f],", x, y);
    }
    fprintf(f, "[%.7f,%.7f]]]", x0, y0);
}

/* One row of houses/gen.csv. */
static void write_house(FILE *f, long *id, const gen_city *c, const char *type, const char *name,
                        const char *num, const char *letter, const char *korpus,
                        const char *stroenie, double lat, double lon)
{
    fprintf(f, "g%07ld,%s,%s,%s,%s,%s,%s,%s,%.6f,%.6f\n", ++*id, c->code, type, name, num, letter,
            korpus, stroenie, lat, lon);
}

/*
 * Houses of one street, numbered up from 1 as a real street is: mostly plain
 * numbers, some with letters (5, 5а, 5б), korpus (12к1, 12к2), stroenie,
 * corner numbers (7/2), letter with korpus.  Up to `want` houses.
 */
static long write_street(FILE *f, long *id, const gen_city *c, const char *type, const char *name,
                         long want, double lat, double lon, double angle)
{
    double kx = M_PER_DEG_LAT * cos(lat * M_PI / 180), step = 15;
    long made = 0, cur = 1;
    char num[32], s2[8];

    while (made < want) {
        double r = rnd(), along = (made - want / 2.0) * step, side = (made % 2 ? 15 : -15);
        double hx = lon + (along * cos(angle) - side * sin(angle)) / kx;
        double hy = lat + (along * sin(angle) + side * cos(angle)) / M_PER_DEG_LAT;
        int k, nk;

        snprintf(num, sizeof num, "%ld", cur);
        if (r < 0.70) {
            write_house(f, id, c, type, name, num, "", "", "", hy, hx);
            made++;
        } else if (r < 0.80) { /* 5, 5а, 5б */
            static const char *const lt[] = {"", "а", "б", "в"};
            nk = 2 + rndi(2);
            for (k = 0; k < nk && made < want; k++, made++)
                write_house(f, id, c, type, name, num, lt[k], "", "", hy, hx + k * 1e-5);
        } else if (r < 0.88) { /* 12к1, 12к2, 12к3 */
            nk = 2 + rndi(3);
            for (k = 0; k < nk && made < want; k++, made++) {
                snprintf(s2, sizeof s2, "%d", k + 1);
                write_house(f, id, c, type, name, num, "", s2, "", hy, hx + k * 1e-5);
            }
        } else if (r < 0.92) { /* 8, 8 стр. 1, 8 стр. 2 */
            nk = 2 + rndi(2);
            for (k = 0; k < nk && made < want; k++, made++) {
                snprintf(s2, sizeof s2, "%d", k);
                write_house(f, id, c, type, name, num, "", "", k ? s2 : "", hy, hx + k * 1e-5);
            }
        } else if (r < 0.95) { /* corner: 7/2 */
            snprintf(num, sizeof num, "%ld/%d", cur, 1 + rndi(60));
            write_house(f, id, c, type, name, num, "", "", "", hy, hx);
            made++;
        } else if (r < 0.97) { /* 9а к1, 9а к2 */
            for (k = 0; k < 2 && made < want; k++, made++) {
                snprintf(s2, sizeof s2, "%d", k + 1);
                write_house(f, id, c, type, name, num, "а", s2, "", hy, hx + k * 1e-5);
            }
        } else { /* 11 and 11к1 */
            write_house(f, id, c, type, name, num, "", "", "", hy, hx);
            made++;
            if (made < want) {
                write_house(f, id, c, type, name, num, "", "1", "", hy, hx + 1e-5);
                made++;
            }
        }
        cur += rnd() < 0.8 ? 1 : 2;
    }
    return made;
}

/*
 * Writes the sources of a store of about nhouses houses under dir and builds
 * it at store with domcov_build_store.  Cities: 3 (10k), 8 (100k), 20 (1M);
 * about 40 houses a street on average, street lengths skewed (a few long
 * avenues, many short lanes); 5 zones a city (3 internet, 2 TV, 2 planned).
 */
static void gen_addr_store(const char *dir, const char *store, long nhouses)
{
    int ncities = nhouses <= 20000 ? 3 : nhouses <= 200000 ? 8 : NGEN_CITIES;
    long nstreets = nhouses / 40 > 300 ? nhouses / 40 : 300, per_city = nstreets / ncities;
    long id = 0, total = 0;
    char path[4400];
    FILE *f;
    int ci;
    domcov_import_report *rep = NULL;
    double t0 = now_ns();
    char(*names)[160] = xmalloc(sizeof *names * (size_t)per_city);
    double *w = xmalloc(sizeof *w * (size_t)per_city);

    rng = 0x5EED0000ULL + (unsigned long long)nhouses;
    fprintf(stderr, "generating %s (%ld houses, %d cities, %ld streets) ...\n", store, nhouses,
            ncities, per_city * ncities);
    if ((mkdir(dir, 0755) != 0 && errno != EEXIST))
        die("cannot create %s: %s", dir, strerror(errno));
    snprintf(path, sizeof path, "%s/zones", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/houses", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/store.conf", dir);
    if ((f = fopen(path, "w")) == NULL)
        die("cannot write %s", path);
    fprintf(f, "data_version=gen-addr-%ld\nsource=bench_addresses generated register\n", nhouses);
    fclose(f);
    snprintf(path, sizeof path, "%s/cities.csv", dir);
    if ((f = fopen(path, "w")) == NULL)
        die("cannot write %s", path);
    fputs("code,name,type,region,lat,lon,support_phone,sales_phone,timezone\n", f);
    for (ci = 0; ci < ncities; ci++)
        fprintf(f, "%s,%s,г,%s,%.4f,%.4f,8-800-333-7000,8-800-700-67-90,Asia/Yekaterinburg\n",
                gen_cities[ci].code, gen_cities[ci].name, gen_cities[ci].region,
                gen_cities[ci].lat, gen_cities[ci].lon);
    fclose(f);

    /* Houses, city by city; the city's radius grows with its streets. */
    snprintf(path, sizeof path, "%s/houses/gen.csv", dir);
    if ((f = fopen(path, "w")) == NULL)
        die("cannot write %s", path);
    fputs("house_id,city,street_type,street,house,letter,korpus,stroenie,lat,lon\n", f);
    for (ci = 0; ci < ncities; ci++) {
        const gen_city *c = &gen_cities[ci];
        double radius = 2000 + 300 * sqrt((double)per_city), wsum = 0;
        double kx = M_PER_DEG_LAT * cos(c->lat * M_PI / 180);
        long want = nhouses / ncities, s, n = 0;
        long nnames = 0;

        for (s = 0; s < per_city; s++) {
            char type[32], name[128], key[160];
            int tries = 0;
            do {
                gen_street_name(type, name, sizeof name);
                snprintf(key, sizeof key, "%s|%s", type, name);
                for (n = 0; n < nnames && strcmp(names[n], key) != 0; n++)
                    ;
            } while (n < nnames && ++tries < 1000);
            if (n < nnames)
                break;
            snprintf(names[nnames], sizeof names[nnames], "%s", key);
            w[nnames] = exp(2.2 * rnd() * rnd() * 2); /* skewed lengths */
            wsum += w[nnames];
            nnames++;
        }
        for (s = 0; s < nnames; s++) {
            long nh = (long)llround(want * w[s] / wsum);
            double rr = radius * sqrt(rnd()), a = 2 * M_PI * rnd();
            char *bar = strchr(names[s], '|');
            *bar = '\0';
            if (nh < 1)
                nh = 1;
            total += write_street(f, &id, c, names[s], bar + 1, nh,
                                  c->lat + rr * sin(a) / M_PER_DEG_LAT, c->lon + rr * cos(a) / kx,
                                  M_PI * rnd());
        }
    }
    if (fclose(f) != 0)
        die("cannot write %s", path);

    /* Zones: a few per city, over parts of it. */
    snprintf(path, sizeof path, "%s/zones/gen.geojson", dir);
    if ((f = fopen(path, "w")) == NULL)
        die("cannot write %s", path);
    fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", f);
    for (ci = 0; ci < ncities; ci++) {
        static const struct {
            const char *service, *tech, *status;
            double dx, dy, r;
        } z[] = {{"internet", "FTTB", "active", 0, 0, 0.55},
                 {"internet", "GPON", "active", 0.5, 0.3, 0.35},
                 {"tv", "DOCSIS", "active", -0.3, 0.2, 0.45},
                 {"internet", "GPON", "planned", -0.5, -0.5, 0.25},
                 {"tv", "DOCSIS", "planned", 0.4, -0.5, 0.2}};
        const gen_city *c = &gen_cities[ci];
        double radius = 2000 + 300 * sqrt((double)per_city);
        double kx = M_PER_DEG_LAT * cos(c->lat * M_PI / 180);
        int k;
        for (k = 0; k < N(z); k++) {
            fprintf(f,
                    "%s{\"type\":\"Feature\",\"properties\":{\"id\":\"%s-z%d\",\"service\":\"%s\","
                    "\"technology\":\"%s\",\"status\":\"%s\",\"city\":\"%s\"},"
                    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":",
                    ci || k ? ",\n" : "", c->code, k, z[k].service, z[k].tech, z[k].status, c->code);
            write_ring(f, c->lat + z[k].dy * radius / M_PER_DEG_LAT,
                       c->lon + z[k].dx * radius / kx, z[k].r * radius);
            fputs("}}", f);
        }
    }
    fputs("\n]}\n", f);
    if (fclose(f) != 0)
        die("cannot write %s", path);
    free(names);
    free(w);

    if (domcov_build_store(dir, store, 0, &rep) != DOMCOV_OK)
        die("build of %s failed: %s", store, domcov_errmsg(NULL));
    fprintf(stderr, "  built in %.1f s: read %lld, imported %lld, rejected %lld (%ld written)\n",
            (now_ns() - t0) / 1e9, rep->read, rep->imported, rep->rejected, total);
    domcov_import_report_free(rep);
    /* The store holds everything; the big CSV is not needed again. */
    snprintf(path, sizeof path, "%s/houses/gen.csv", dir);
    unlink(path);
}

/* ------------------------------------------------------------------ */
/* The real Ekaterinburg register */

/* Splits one CSV line of the reformagkh file (house_id,"address",lat,lon,geocode_ok). */
static int split_csv(char *line, char **f, int max)
{
    int n = 0;
    char *p = line, *o;
    while (n < max) {
        if (*p == '"') {
            f[n++] = o = ++p;
            while (*p && !(*p == '"' && p[1] != '"')) {
                if (*p == '"')
                    p++;
                *o++ = *p++;
            }
            if (*p == '"')
                p++;
            if (*p == ',')
                p++;
            *o = '\0';
            if (*p == '\0' || *p == '\n')
                break;
            continue;
        }
        f[n++] = p;
        p += strcspn(p, ",\r\n");
        if (*p != ',') {
            *p = '\0';
            break;
        }
        *p++ = '\0';
    }
    return n;
}

/*
 * The store of the real register: the sample's Ekaterinburg city and its
 * (illustrative) zones built first, then the geocoded rows (geocode_ok 1 or
 * 2) imported with domcov_import_houses, as tests/quality does.
 */
static int real_store(const char *work, const char *shared, const char *srcdata, char *store,
                      size_t size)
{
    char src[4096], dir[4096], path[4400], line[4096], *f[8];
    FILE *in, *out;
    domcov_import_report *rep = NULL;
    double t0 = now_ns();

    snprintf(src, sizeof src, "%s/real/reformagkh_ekaterinburg_2016.csv", shared);
    snprintf(store, size, "%s/addr-real-ekaterinburg.sqlite", work);
    if (file_exists(store))
        return 0;
    if (!file_exists(src))
        return -1;
    fprintf(stderr, "building %s from %s ...\n", store, src);
    snprintf(dir, sizeof dir, "%s/addr-real-src", work);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/zones", dir);
    mkdir(path, 0755);
    /* cities.csv: the sample's header and Ekaterinburg line; zones: the sample's. */
    snprintf(path, sizeof path, "%s/cities.csv", srcdata);
    in = fopen(path, "r");
    snprintf(path, sizeof path, "%s/cities.csv", dir);
    out = fopen(path, "w");
    if (in == NULL || out == NULL)
        die("cannot copy %s/cities.csv", srcdata);
    while (fgets(line, sizeof line, in))
        if (strncmp(line, "code,", 5) == 0 || strncmp(line, "ekaterinburg,", 13) == 0)
            fputs(line, out);
    fclose(in);
    fclose(out);
    snprintf(path, sizeof path, "%s/zones/ekaterinburg.geojson", srcdata);
    in = fopen(path, "r");
    snprintf(path, sizeof path, "%s/zones/ekaterinburg.geojson", dir);
    out = fopen(path, "w");
    if (in == NULL || out == NULL)
        die("cannot copy the sample's Ekaterinburg zones");
    while (fgets(line, sizeof line, in))
        fputs(line, out);
    fclose(in);
    fclose(out);
    snprintf(path, sizeof path, "%s/store.conf", dir);
    out = fopen(path, "w");
    fputs("data_version=reformagkh-ekb-2016\nsource=reformagkh 2016 + sample zones\n", out);
    fclose(out);
    if (domcov_build_store(dir, store, 0, &rep) != DOMCOV_OK)
        die("build of %s failed: %s", store, domcov_errmsg(NULL));
    domcov_import_report_free(rep);
    rep = NULL;

    /* The geocoded rows, without the geocode_ok column. */
    in = fopen(src, "r");
    snprintf(path, sizeof path, "%s/geocoded.csv", dir);
    out = fopen(path, "w");
    if (in == NULL || out == NULL)
        die("cannot filter %s", src);
    fputs("house_id,address,lat,lon\n", out);
    fgets(line, sizeof line, in); /* header */
    while (fgets(line, sizeof line, in)) {
        int n = split_csv(line, f, 8);
        if (n < 5 || (strcmp(f[4], "1") != 0 && strcmp(f[4], "2") != 0))
            continue;
        fprintf(out, "%s,\"%s\",%s,%s\n", f[0], f[1], f[2], f[3]);
    }
    fclose(in);
    if (fclose(out) != 0)
        die("cannot write %s", path);
    if (domcov_import_houses(store, path, NULL, &rep) != DOMCOV_OK)
        die("import of %s failed: %s", path, domcov_errmsg(NULL));
    fprintf(stderr, "  built in %.1f s: read %lld, imported %lld, updated %lld, rejected %lld\n",
            (now_ns() - t0) / 1e9, rep->read, rep->imported, rep->updated, rep->rejected);
    domcov_import_report_free(rep);
    unlink(path);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Queries */

typedef struct hrow {
    char *id, *ctype, *city, *region, *stype, *street, *num, *letter, *korpus, *stroenie;
    int namesake; /* another street of the city has the same name (other type) */
    int dup;      /* another house of the register has the same address (a duplicate row) */
} hrow;

typedef struct query {
    char *text;
    const char *want; /* the house's id */
    int dup;          /* the register has the address twice: no answer can be sure */
} query;

/* "г. Пермь" / "Пермь" (type for cities only when asked), or "п. Глубокое" always. */
static void put_city(sbuf *b, const hrow *h, int with_type, int lower)
{
    char name[256];
    if (lower)
        str_case(h->city, name, sizeof name, 0);
    else
        snprintf(name, sizeof name, "%s", h->city);
    if (with_type || strcmp(h->ctype, "г") != 0)
        sb_addf(b, "%s%s %s", h->ctype, lower ? "" : ".", name);
    else
        sb_addf(b, "%s", name);
}

static const char *type_word(const char *t)
{
    static const char *const w[][2] = {
        {"ул", "улица"}, {"пр-кт", "проспект"}, {"пер", "переулок"}, {"б-р", "бульвар"},
        {"ш", "шоссе"}, {"наб", "набережная"}, {"пл", "площадь"}, {"проезд", "проезд"},
        {"туп", "тупик"}, {"тракт", "тракт"}, {"аллея", "аллея"}, {"мкр", "микрорайон"}};
    int i;
    for (i = 0; i < N(w); i++)
        if (strcmp(w[i][0], t) == 0)
            return w[i][1];
    return t;
}

/*
 * The house in one of six styles people type:
 *   0 "г. Пермь, ул. Монастырская, д. 45к2"        register-like, compact korpus
 *   1 "Пермь, Монастырская 45А корп 2"            no street type, upper-case letter
 *   2 "пермь ул монастырская 45 к2"               lower case, no punctuation
 *   3 "ул.Монастырская, д.45, корп.2, г.Пермь"    reordered, no spaces after dots
 *   4 "Пермь, улица Монастырская, дом 45, корпус 2, кв. 17"   full words and a flat
 *   5 "620000, Пермский край, г Пермь, Монастырская ул., 45 к 2"  postcode, region, type after
 * A street's name written without its type cannot tell it from a namesake of
 * another type, so style 1 falls back to 0 for those.
 */
static void make_text(sbuf *b, const hrow *h, int style, const char *street)
{
    const char *l = h->letter, *k = h->korpus, *s = h->stroenie;
    char low[512], up[32];
    int has_street = nz(street);

    if (style == 1 && h->namesake)
        style = 0;
    sb_reset(b);
    switch (style) {
    case 0:
        put_city(b, h, 1, 0);
        if (has_street)
            sb_addf(b, ", %s. %s", h->stype, street);
        sb_addf(b, ", д. %s%s", h->num, l);
        /* "к2" glued on digits only: the register's letter korpus ("к. А") stays apart */
        if (nz(k))
            sb_addf(b, k[0] >= '0' && k[0] <= '9' ? "к%s" : " корп. %s", k);
        if (nz(s))
            sb_addf(b, " стр. %s", s);
        break;
    case 1:
        put_city(b, h, 0, 0);
        str_case(l, up, sizeof up, 1);
        if (has_street)
            sb_addf(b, ", %s %s%s", street, h->num, up);
        else
            sb_addf(b, ", %s%s", h->num, up);
        if (nz(k))
            sb_addf(b, " корп %s", k);
        if (nz(s))
            sb_addf(b, " стр %s", s);
        break;
    case 2:
        put_city(b, h, 0, 1);
        str_case(street, low, sizeof low, 0);
        if (has_street)
            sb_addf(b, " %s %s", h->stype, low);
        sb_addf(b, " %s%s", h->num, l);
        if (nz(k))
            sb_addf(b, k[0] >= '0' && k[0] <= '9' ? " к%s" : " корп %s", k);
        if (nz(s))
            sb_addf(b, s[0] >= '0' && s[0] <= '9' ? " стр%s" : " стр %s", s);
        break;
    case 3:
        if (has_street)
            sb_addf(b, "%s.%s, ", h->stype, street);
        sb_addf(b, "д.%s%s", h->num, l);
        if (nz(k))
            sb_addf(b, ", корп.%s", k);
        if (nz(s))
            sb_addf(b, ", стр.%s", s);
        sb_addf(b, ", %s.%s", h->ctype, h->city);
        break;
    case 4:
        put_city(b, h, 0, 0);
        if (has_street)
            sb_addf(b, ", %s %s", type_word(h->stype), street);
        sb_addf(b, ", дом %s%s", h->num, l);
        if (nz(k))
            sb_addf(b, ", корпус %s", k);
        if (nz(s))
            sb_addf(b, ", строение %s", s);
        sb_addf(b, ", кв. %d", 1 + rndi(200));
        break;
    default:
        sb_addf(b, "6%05d, ", rndi(100000));
        if (strchr(h->region, ' ')) /* "Пермский край"; not a bare normalized "свердловская" */
            sb_addf(b, "%s, ", h->region);
        sb_addf(b, "%s %s", h->ctype, h->city);
        if (has_street)
            sb_addf(b, ", %s %s.", street, h->stype);
        sb_addf(b, ", %s", h->num);
        if (nz(l))
            sb_addf(b, " %s", l);
        if (nz(k))
            sb_addf(b, " к %s", k);
        if (nz(s))
            sb_addf(b, " с %s", s);
        break;
    }
}

/*
 * One typo in the street's name: a substitution, deletion, insertion or swap
 * of neighbours in its longest word (4 letters at least), never the first
 * letter.  0 when the name has no such word.
 */
static int make_typo(const char *name, char *out, size_t size)
{
    static const char letters[] = "абвгдежзиклмнопрстуфхцчшщыэюя";
    uint32_t cp[512], alpha[64];
    int n = u8_decode(name, cp, 500), na = u8_decode(letters, alpha, 64);
    int best = -1, bestlen = 0, i = 0, pos, op;

    while (i < n) {
        int j = i;
        while (j < n && cp_is_cyr(cp[j]))
            j++;
        if (j - i > bestlen) {
            bestlen = j - i;
            best = i;
        }
        i = j > i ? j : i + 1;
    }
    if (bestlen < 4)
        return 0;
    pos = best + 1 + rndi(bestlen - 1);
    op = rndi(4);
    if (op == 3 && (pos + 1 >= best + bestlen || cp_lower(cp[pos]) == cp_lower(cp[pos + 1])))
        op = 0;
    if (op == 0) { /* substitute: a letter the normalizer does not fold into the same one */
        uint32_t c;
        do
            c = alpha[rndi(na)];
        while (c == cp_lower(cp[pos]) || (c == 0x435 && cp_lower(cp[pos]) == 0x451));
        cp[pos] = c;
    } else if (op == 1) {
        memmove(cp + pos, cp + pos + 1, sizeof *cp * (size_t)(n - pos - 1));
        n--;
    } else if (op == 2) {
        memmove(cp + pos + 1, cp + pos, sizeof *cp * (size_t)(n - pos));
        cp[pos] = alpha[rndi(na)];
        n++;
    } else {
        uint32_t t = cp[pos];
        cp[pos] = cp[pos + 1];
        cp[pos + 1] = t;
    }
    u8_encode(cp, n, out, size);
    return 1;
}

typedef struct qset {
    hrow *rows;
    long nrows;
    query *exact, *fuzzy;
    long nexact, nfuzzy;
} qset;

static char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return xstrdup(t ? (const char *)t : "");
}

/*
 * Samples houses of the store (uniformly, with replacement; the same for a
 * given store) and writes nexact raw queries (the styles in turn) and nfuzzy
 * typo queries (style 0 with a typo; houses on a street whose name has no
 * word of 4 letters are skipped).
 */
static void make_queries(const char *store, long nexact, long nfuzzy, qset *qs)
{
    sqlite3 *sq = NULL;
    sqlite3_stmt *st = NULL, *ns = NULL, *ds = NULL;
    long maxid = 0, i, tries = 0;
    sbuf b;
    char typo[512];

    memset(qs, 0, sizeof *qs);
    rng = 0xC0FFEEULL;
    if (sqlite3_open_v2(store, &sq, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die("cannot open %s", store);
    sqlite3_prepare_v2(sq, "SELECT max(id) FROM houses", -1, &st, NULL);
    if (sqlite3_step(st) == SQLITE_ROW)
        maxid = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(
            sq,
            "SELECT h.ext_id, c.type, c.name, c.region, s.type, s.name, h.number, "
            "coalesce(h.letter,''), coalesce(h.korpus,''), coalesce(h.stroenie,''), s.city_id, "
            "s.name_key, h.street_id FROM houses h JOIN streets s ON s.id = h.street_id "
            "JOIN cities c ON c.id = s.city_id WHERE h.id = ?",
            -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(sq, "SELECT count(*) FROM streets WHERE city_id = ? AND name_key = ?",
                           -1, &ns, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(sq,
                           "SELECT count(*) FROM houses WHERE street_id = ? AND number = ? AND "
                           "coalesce(letter,'') = ? AND coalesce(korpus,'') = ? AND "
                           "coalesce(stroenie,'') = ?",
                           -1, &ds, NULL) != SQLITE_OK)
        die("%s: %s", store, sqlite3_errmsg(sq));
    qs->nrows = nexact + nfuzzy;
    qs->rows = xmalloc(sizeof *qs->rows * (size_t)qs->nrows);
    qs->exact = xmalloc(sizeof *qs->exact * (size_t)nexact);
    qs->fuzzy = xmalloc(sizeof *qs->fuzzy * (size_t)(nfuzzy ? nfuzzy : 1));
    for (i = 0; i < qs->nrows && tries < 100 * qs->nrows; tries++) {
        hrow *h = &qs->rows[i];
        long id = 1 + (long)(rnd() * maxid);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) != SQLITE_ROW)
            continue;
        h->id = col(st, 0);
        h->ctype = col(st, 1);
        h->city = col(st, 2);
        h->region = col(st, 3);
        h->stype = col(st, 4);
        h->street = col(st, 5);
        h->num = col(st, 6);
        h->letter = col(st, 7);
        h->korpus = col(st, 8);
        h->stroenie = col(st, 9);
        sqlite3_reset(ns);
        sqlite3_bind_int64(ns, 1, sqlite3_column_int64(st, 10));
        sqlite3_bind_text(ns, 2, (const char *)sqlite3_column_text(st, 11), -1, SQLITE_TRANSIENT);
        h->namesake = sqlite3_step(ns) == SQLITE_ROW && sqlite3_column_int(ns, 0) > 1;
        sqlite3_reset(ds);
        sqlite3_bind_int64(ds, 1, sqlite3_column_int64(st, 12));
        sqlite3_bind_text(ds, 2, h->num, -1, SQLITE_STATIC);
        sqlite3_bind_text(ds, 3, h->letter, -1, SQLITE_STATIC);
        sqlite3_bind_text(ds, 4, h->korpus, -1, SQLITE_STATIC);
        sqlite3_bind_text(ds, 5, h->stroenie, -1, SQLITE_STATIC);
        h->dup = sqlite3_step(ds) == SQLITE_ROW && sqlite3_column_int(ds, 0) > 1;
        if (i < nexact) {
            make_text(&b, h, (int)(i % NSTYLES), h->street);
            qs->exact[qs->nexact].text = xstrdup(b.s);
            qs->exact[qs->nexact].dup = h->dup;
            qs->exact[qs->nexact++].want = h->id;
            i++;
        } else if (make_typo(h->street, typo, sizeof typo)) {
            make_text(&b, h, 0, typo);
            qs->fuzzy[qs->nfuzzy].text = xstrdup(b.s);
            qs->fuzzy[qs->nfuzzy].dup = h->dup;
            qs->fuzzy[qs->nfuzzy++].want = h->id;
            i++;
        } else {
            free(h->id); /* keep the slot for another house */
        }
    }
    qs->nrows = i;
    sqlite3_finalize(st);
    sqlite3_finalize(ns);
    sqlite3_finalize(ds);
    sqlite3_close(sq);
}

static void free_queries(qset *qs)
{
    long i;
    for (i = 0; i < qs->nrows; i++) {
        hrow *h = &qs->rows[i];
        free(h->id), free(h->ctype), free(h->city), free(h->region), free(h->stype);
        free(h->street), free(h->num), free(h->letter), free(h->korpus), free(h->stroenie);
    }
    for (i = 0; i < qs->nexact; i++)
        free(qs->exact[i].text);
    for (i = 0; i < qs->nfuzzy; i++)
        free(qs->fuzzy[i].text);
    free(qs->rows);
    free(qs->exact);
    free(qs->fuzzy);
}

/* ------------------------------------------------------------------ */
/* The SQL baseline */

/* Optimal string alignment distance over codepoints, capped: the naive fuzzy street search. */
static int osa(const char *a, const char *b, int max)
{
    uint32_t x[128], y[128];
    int n = u8_decode(a, x, 128), m = u8_decode(b, y, 128), i, j;
    int d[129][129];

    if (abs(n - m) > max)
        return max + 1;
    for (i = 0; i <= n; i++)
        d[i][0] = i;
    for (j = 0; j <= m; j++)
        d[0][j] = j;
    for (i = 1; i <= n; i++) {
        int rowmin = max + 1;
        for (j = 1; j <= m; j++) {
            int c = x[i - 1] != y[j - 1], v = d[i - 1][j - 1] + c;
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < rowmin)
                rowmin = v;
        }
        if (rowmin > max)
            return max + 1;
    }
    return d[n][m] > max ? max + 1 : d[n][m];
}

static void sql_osa(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *a = (const char *)sqlite3_value_text(argv[0]);
    const char *b = (const char *)sqlite3_value_text(argv[1]);
    (void)argc;
    sqlite3_result_int(ctx, a && b ? osa(a, b, sqlite3_value_int(argv[2])) : 99);
}

/* The baseline's keys of a parsed address: city, street name, house with its parts. */
static void sql_keys(const domcov_address *a, char *house, size_t size)
{
    snprintf(house, size, "%s|%s|%s|%s", a->house ? a->house : "", a->letter ? a->letter : "",
             a->korpus ? a->korpus : "", a->stroenie ? a->stroenie : "");
}

/*
 * work/<label>.baseline.sqlite: addr(city, street, house, ext_id, lat, lon)
 * keyed by the normalizer's reading of each register house written in the
 * register's style, indexed on (city, street, house); streets(city, street)
 * for the fuzzy scan.  Built once.
 */
static void build_baseline(const char *store, const char *path)
{
    sqlite3 *src = NULL, *dst = NULL;
    sqlite3_stmt *st = NULL, *ins = NULL;
    char tmp[4400], house[512];
    sbuf b;
    long n = 0;
    double t0 = now_ns();

    if (file_exists(path))
        return;
    fprintf(stderr, "building the SQL baseline %s ...\n", path);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    unlink(tmp);
    if (sqlite3_open_v2(store, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_open(tmp, &dst) != SQLITE_OK)
        die("cannot open %s or %s", store, tmp);
    sqlite3_exec(dst,
                 "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;"
                 "CREATE TABLE addr(city TEXT, street TEXT, house TEXT, ext_id TEXT, lat REAL, "
                 "lon REAL);",
                 NULL, NULL, NULL);
    if (sqlite3_prepare_v2(src,
                           "SELECT h.ext_id, c.type, c.name, s.type, s.name, h.number, "
                           "coalesce(h.letter,''), coalesce(h.korpus,''), "
                           "coalesce(h.stroenie,''), h.lat, h.lon FROM houses h "
                           "JOIN streets s ON s.id = h.street_id JOIN cities c ON c.id = s.city_id",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(dst, "INSERT INTO addr VALUES (?,?,?,?,?,?)", -1, &ins, NULL) !=
            SQLITE_OK)
        die("baseline: %s / %s", sqlite3_errmsg(src), sqlite3_errmsg(dst));
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *t[11];
        domcov_address *a = NULL;
        int i;
        for (i = 0; i < 9; i++)
            t[i] = (const char *)sqlite3_column_text(st, i);
        sb_reset(&b);
        sb_addf(&b, "%s. %s", t[1], t[2]);
        if (nz(t[4]))
            sb_addf(&b, ", %s. %s", t[3], t[4]);
        sb_addf(&b, ", д. %s%s", t[5], t[6]);
        if (nz(t[7]))
            sb_addf(&b, " к. %s", t[7]);
        if (nz(t[8]))
            sb_addf(&b, " стр. %s", t[8]);
        if (domcov_normalize(b.s, &a) != DOMCOV_OK)
            continue;
        sql_keys(a, house, sizeof house);
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, a->city ? a->city : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 2, a->street ? a->street : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, house, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 4, t[0], -1, SQLITE_TRANSIENT);
        if (sqlite3_column_type(st, 9) != SQLITE_NULL) {
            sqlite3_bind_double(ins, 5, sqlite3_column_double(st, 9));
            sqlite3_bind_double(ins, 6, sqlite3_column_double(st, 10));
        } else {
            sqlite3_bind_null(ins, 5);
            sqlite3_bind_null(ins, 6);
        }
        sqlite3_step(ins);
        domcov_address_free(a);
        n++;
    }
    sqlite3_finalize(st);
    sqlite3_finalize(ins);
    if (sqlite3_exec(dst,
                     "CREATE INDEX addr_key ON addr(city, street, house);"
                     "CREATE TABLE streets AS SELECT DISTINCT city, street FROM addr;"
                     "CREATE INDEX streets_city ON streets(city); COMMIT; ANALYZE;",
                     NULL, NULL, NULL) != SQLITE_OK)
        die("baseline: %s", sqlite3_errmsg(dst));
    sqlite3_close(src);
    sqlite3_close(dst);
    if (rename(tmp, path) != 0)
        die("cannot rename %s", tmp);
    fprintf(stderr, "  %ld houses in %.1f s\n", n, (now_ns() - t0) / 1e9);
}

typedef struct sqlbase {
    sqlite3 *db;
    void *cache;
    sqlite3_stmt *house, *zones, *fuzzy;
} sqlbase;

static void sql_open(sqlbase *s, const char *store, const char *baseline)
{
    char uri[8800];
    memset(s, 0, sizeof *s);
    s->cache = spatialite_alloc_connection();
    snprintf(uri, sizeof uri, "file:%s?immutable=1", store);
    if (sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
        die("cannot open %s", uri);
    spatialite_init_ex(s->db, s->cache, 0);
    snprintf(uri, sizeof uri, "ATTACH 'file:%s?immutable=1' AS b", baseline);
    if (sqlite3_exec(s->db, "PRAGMA mmap_size=2147483648", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(s->db, uri, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(s->db, "PRAGMA b.mmap_size=2147483648", NULL, NULL, NULL) != SQLITE_OK)
        die("baseline: %s", sqlite3_errmsg(s->db));
    sqlite3_create_function(s->db, "osa", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_osa,
                            NULL, NULL);
    if (sqlite3_prepare_v2(s->db,
                           "SELECT ext_id, lat, lon FROM b.addr WHERE city = ? AND street = ? AND "
                           "house = ?",
                           -1, &s->house, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "SELECT zone_id, service, status FROM zones WHERE "
                           "ST_Contains(geom, MakePoint(?1, ?2, 4326)) AND ROWID IN "
                           "(SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'zones' AND "
                           "search_frame = MakePoint(?1, ?2, 4326))",
                           -1, &s->zones, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "SELECT street, osa(street, ?2, 1) AS d FROM b.streets WHERE city = ?1 "
                           "AND d <= 1 ORDER BY d LIMIT 1",
                           -1, &s->fuzzy, NULL) != SQLITE_OK)
        die("baseline: %s", sqlite3_errmsg(s->db));
}

static void sql_close(sqlbase *s)
{
    sqlite3_finalize(s->house);
    sqlite3_finalize(s->zones);
    sqlite3_finalize(s->fuzzy);
    sqlite3_close(s->db);
    spatialite_cleanup_ex(s->cache);
}

/* One query the naive way; 1 when it found the wanted house. */
static int sql_check(sqlbase *s, const char *text, const char *want, int fuzzy)
{
    domcov_address *a = NULL;
    char house[512], street[512];
    int right = 0, found = 0;

    if (domcov_normalize(text, &a) != DOMCOV_OK)
        return 0;
    sql_keys(a, house, sizeof house);
    snprintf(street, sizeof street, "%s", a->street ? a->street : "");
    for (;;) {
        sqlite3_reset(s->house);
        sqlite3_bind_text(s->house, 1, a->city ? a->city : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(s->house, 2, street, -1, SQLITE_STATIC);
        sqlite3_bind_text(s->house, 3, house, -1, SQLITE_STATIC);
        if (sqlite3_step(s->house) == SQLITE_ROW) {
            found = 1;
            right = strcmp((const char *)sqlite3_column_text(s->house, 0), want) == 0;
            if (sqlite3_column_type(s->house, 1) != SQLITE_NULL) {
                sqlite3_reset(s->zones);
                sqlite3_bind_double(s->zones, 1, sqlite3_column_double(s->house, 2));
                sqlite3_bind_double(s->zones, 2, sqlite3_column_double(s->house, 1));
                while (sqlite3_step(s->zones) == SQLITE_ROW)
                    ;
            }
        }
        if (found || !fuzzy)
            break;
        /* Not found: the street within one edit, scanning the city's streets. */
        fuzzy = 0;
        sqlite3_reset(s->fuzzy);
        sqlite3_bind_text(s->fuzzy, 1, a->city ? a->city : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(s->fuzzy, 2, street, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(s->fuzzy) != SQLITE_ROW)
            break;
        snprintf(street, sizeof street, "%s", (const char *)sqlite3_column_text(s->fuzzy, 0));
    }
    domcov_address_free(a);
    return right;
}

/* ------------------------------------------------------------------ */
/* Measuring */

enum method { M_EXACT, M_STATUS, M_STATUS_CALL, M_NORM, M_FUZZY, M_SQL, M_SQL_FUZZY, M_COUNT };
static const char *const method_name[M_COUNT] = {
    "(a) exact, domcov_check_address", "(a') exact, status-only flags", "(a'') check_address_status",
    "(b) domcov_normalize", "(c) fuzzy (1 typo), check_address", "(d) SQL baseline, exact",
    "(d) SQL baseline, fuzzy"};

/* --only: one method, on the generated stores only (for `perf record`); -1 all. */
static int only = -1;
static const char *save_queries; /* --save-queries DIR: each store's queries, one a line */

typedef struct result {
    double per_s, p50, p99; /* per second, microseconds */
    long n, right, ambiguous, not_found, wrong;
    long uniq, uniq_right; /* queries whose address the register has once, and right among them */
    int done;
} result;

typedef struct ctx {
    const domcov_db *db;
    sqlbase *sql;
    double *lat_ns;
    int show_failures; /* print this many queries that did not find their house */
} ctx;

/* Counts one answer: the wanted house MATCHED, another house, ambiguous, not found. */
static void count_answer(result *r, const query *q, int status, const char *house_id)
{
    int right = status == DOMCOV_MATCHED && house_id && strcmp(house_id, q->want) == 0;

    r->uniq += !q->dup;
    r->uniq_right += right && !q->dup;
    if (right)
        r->right++;
    else if (status == DOMCOV_MATCHED)
        r->wrong++;
    else if (status == DOMCOV_AMBIGUOUS)
        r->ambiguous++;
    else
        r->not_found++;
}

/* One call; fills the outcome counters when r is not NULL. */
static void run_one(ctx *c, int m, const query *q, result *r)
{
    static const domcov_match_options status_opts = {NULL, 1};
    domcov_address_result *res = NULL;
    domcov_address_status sc;
    domcov_address *a = NULL;
    int st;

    switch (m) {
    case M_NORM:
        st = domcov_normalize(q->text, &a);
        if (r && st == DOMCOV_OK && a->house)
            r->right++;
        domcov_address_free(a);
        return;
    case M_SQL:
    case M_SQL_FUZZY:
        st = sql_check(c->sql, q->text, q->want, m == M_SQL_FUZZY);
        if (r) {
            r->right += st;
            r->uniq += !q->dup;
            r->uniq_right += st && !q->dup;
        }
        return;
    case M_STATUS_CALL:
        st = domcov_check_address_status(c->db, q->text, NULL, &sc);
        if (r && st == DOMCOV_OK)
            count_answer(r, q, sc.status, sc.house_id);
        return;
    default:
        if (m == M_STATUS)
            st = domcov_check_address_ex(c->db, q->text, &status_opts,
                                         DOMCOV_CHECK_NO_DISTANCE | DOMCOV_CHECK_NO_CITY, &res);
        else
            st = domcov_check_address(c->db, q->text, NULL, &res);
        if (r && st == DOMCOV_OK) {
            int right = res->status == DOMCOV_MATCHED && res->house_id &&
                        strcmp(res->house_id, q->want) == 0;
            count_answer(r, q, res->status, res->house_id);
            if (!right && m != M_STATUS && c->show_failures > 0) {
                c->show_failures--;
                printf("    not right: \"%s\" (house %s): %s %s, got %s \"%s\"%s\n", q->text,
                       q->want, domcov_match_status_name(res->status),
                       domcov_match_level_name(res->match_level),
                       res->house_id ? res->house_id : "-", res->address ? res->address : "",
                       res->candidate_count > 1 ? " (and other candidates)" : "");
            }
        }
        domcov_address_result_free(res);
    }
}

/* Throughput from an untimed pass (which also counts right answers), percentiles from a timed one. */
static result measure(ctx *c, int m, const query *q, long n)
{
    result r;
    double t0;
    long i;

    memset(&r, 0, sizeof r);
    if (n <= 0)
        return r;
    t0 = now_ns();
    for (i = 0; i < n; i++)
        run_one(c, m, &q[i], &r);
    r.per_s = n / ((now_ns() - t0) * 1e-9);
    r.n = n;
    for (i = 0; i < n; i++) {
        double a = now_ns();
        run_one(c, m, &q[i], NULL);
        c->lat_ns[i] = now_ns() - a;
    }
    qsort(c->lat_ns, (size_t)n, sizeof *c->lat_ns, dbl_cmp);
    r.p50 = c->lat_ns[n / 2] / 1e3;
    r.p99 = c->lat_ns[(long)(n * 0.99)] / 1e3;
    r.done = 1;
    return r;
}

static void print_row(int m, const result *r, const result *base)
{
    printf("  %-38s %10.0f/s  p50 %7.2f us  p99 %8.2f us", method_name[m], r->per_s, r->p50,
           r->p99);
    if (base && base->done && base->per_s > 0)
        printf("  x%-6.1f SQL", r->per_s / base->per_s);
    else
        printf("  %-10s", "");
    if (m == M_NORM)
        printf("  %ld queries, %.1f%% with a house number\n", r->n, 100.0 * r->right / r->n);
    else if (m >= M_SQL)
        printf("  %ld queries (sampled), %.1f%% right house", r->n, 100.0 * r->right / r->n);
    else
        printf("  %ld queries: right %.2f%%, ambiguous %.2f%%, not found %.2f%%, wrong %.2f%%",
               r->n, 100.0 * r->right / r->n, 100.0 * r->ambiguous / r->n,
               100.0 * r->not_found / r->n, 100.0 * r->wrong / r->n);
    if (m != M_NORM && r->uniq < r->n)
        printf("; %.1f%% of the queries are addresses the register lists twice (no answer can be "
               "sure), right on the others %.2f%%",
               100.0 * (r->n - r->uniq) / r->n, 100.0 * r->uniq_right / (r->uniq ? r->uniq : 1));
    if (m != M_NORM)
        printf("\n");
}

/* ------------------------------------------------------------------ */
/* Open time and memory */

static long status_kb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t k = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, k) == 0 && line[k] == ':')
            v = atol(line + k + 1);
    if (f)
        fclose(f);
    return v;
}

/* --rss-child STORE: in a fresh process, RSS before and after one open. */
static int rss_child(const char *store)
{
    domcov_db *db = NULL;
    long before = status_kb("VmRSS"), after, hwm;
    double t0 = now_ns(), ms;

    if (domcov_open(store, 0, &db) != DOMCOV_OK)
        return 1;
    ms = (now_ns() - t0) / 1e6;
    after = status_kb("VmRSS");
    hwm = status_kb("VmHWM");
    printf("%ld %ld %ld %.3f\n", before, after, hwm, ms);
    domcov_close(db);
    return 0;
}

typedef struct memfig {
    long before_kb, after_kb, hwm_kb;
    double first_open_ms;
} memfig;

static memfig rss_of(const char *self, const char *store)
{
    char cmd[9000];
    memfig m = {-1, -1, -1, -1};
    FILE *p;
    (void)self;
    snprintf(cmd, sizeof cmd, "/proc/%ld/exe --rss-child '%s'", (long)getpid(), store);
    p = popen(cmd, "r");
    if (p == NULL || fscanf(p, "%ld %ld %ld %lf", &m.before_kb, &m.after_kb, &m.hwm_kb,
                            &m.first_open_ms) != 4)
        fprintf(stderr, "RSS child failed for %s\n", store);
    if (p)
        pclose(p);
    return m;
}

/* What the register holds in memory, as the library counts it. */
static double print_breakdown(const domcov_db *db)
{
    dc_register_memory m;
    size_t zi = dc_zone_index_bytes(&db->zone_index);
    const double MB = 1048576.0;

    dc_register_memory_use(&db->reg, &m);
    printf("  memory of the register (from its structures): strings %.1f MB, houses %.1f MB, "
           "part combinations %.2f MB, points %.1f MB, house index %.1f MB, streets %.2f MB, "
           "street indexes %.2f MB, trigrams %.2f MB; total %.1f MB = %.1f B/house; "
           "zone index %.2f MB\n",
           m.strings / MB, m.houses / MB, m.parts / MB, m.points / MB, m.house_index / MB,
           m.streets / MB, m.street_indexes / MB, m.trigrams / MB, m.total / MB,
           db->reg.nhouses ? (double)m.total / db->reg.nhouses : 0, zi / MB);
    return m.total / MB;
}

/* ------------------------------------------------------------------ */
/* One store */

typedef struct row {
    char label[64];
    long houses, streets, cities, zones;
    double open_ms, rss_delta_mb, rss_total_mb, reg_mb;
    result r[M_COUNT];
} row;

/* DIR/LABEL.exact.txt and DIR/LABEL.fuzzy.txt, for profiling the same queries elsewhere. */
static void write_queries(const char *dir, const char *label, const qset *qs)
{
    char path[4096];
    int kind;

    mkdir(dir, 0755);
    for (kind = 0; kind < 2; kind++) {
        const query *q = kind == 0 ? qs->exact : qs->fuzzy;
        long n = kind == 0 ? qs->nexact : qs->nfuzzy, i;
        FILE *f;

        snprintf(path, sizeof path, "%s/%s.%s.txt", dir, label, kind == 0 ? "exact" : "fuzzy");
        if ((f = fopen(path, "w")) == NULL)
            die("cannot write %s", path);
        for (i = 0; i < n; i++)
            fprintf(f, "%s\n", q[i].text);
        if (fclose(f) != 0)
            die("cannot write %s", path);
    }
}

static void run_store(const char *self, const char *label, const char *store, const char *work,
                      long nq, long nsql, int failures, row *out)
{
    domcov_db *db = NULL;
    domcov_store_info *info = NULL;
    char base[4096];
    double opens[7], t0;
    int i, m, nopen;
    memfig mem;
    qset qs;
    ctx c;
    sqlbase sql;
    long nsample, k;
    query *sample;

    memset(out, 0, sizeof *out);
    snprintf(out->label, sizeof out->label, "%s", label);
    printf("\n== %s: %s ==\n", label, store);
    fflush(stdout);

    /* Warm open: the file was read just before (the RSS child opens it first). */
    mem = rss_of(self, store);
    if (domcov_open(store, 0, &db) != DOMCOV_OK)
        die("cannot open %s: %s", store, domcov_errmsg(NULL));
    domcov_store_info_get(db, &info);
    out->houses = info->houses;
    out->streets = info->streets;
    out->cities = info->cities;
    out->zones = info->zones;
    domcov_store_info_free(info);
    domcov_close(db);
    nopen = out->houses > 300000 ? 3 : 7;
    for (i = 0; i < nopen; i++) {
        t0 = now_ns();
        if (domcov_open(store, 0, &db) != DOMCOV_OK)
            die("cannot open %s", store);
        opens[i] = (now_ns() - t0) / 1e6;
        domcov_close(db);
    }
    qsort(opens, (size_t)nopen, sizeof *opens, dbl_cmp);
    out->open_ms = opens[nopen / 2];
    out->rss_delta_mb = (mem.after_kb - mem.before_kb) / 1024.0;
    out->rss_total_mb = mem.after_kb / 1024.0;
    printf("  %ld houses, %ld streets, %ld cities, %ld zones\n", out->houses, out->streets,
           out->cities, out->zones);
    printf("  open (warm, median of %d): %.1f ms; RSS after open in a fresh process: +%.1f MB "
           "(%.1f MB before, %.1f MB total, peak during open %.1f MB)\n",
           nopen, out->open_ms, out->rss_delta_mb, mem.before_kb / 1024.0, out->rss_total_mb,
           mem.hwm_kb / 1024.0);

    if (domcov_open(store, 0, &db) != DOMCOV_OK)
        die("cannot open %s", store);
    out->reg_mb = print_breakdown(db);

    make_queries(store, nq, nq / 10, &qs);
    if (save_queries != NULL)
        write_queries(save_queries, label, &qs);
    snprintf(base, sizeof base, "%s/%s.baseline.sqlite", work, label);
    build_baseline(store, base);
    sql_open(&sql, store, base);
    c.db = db;
    c.sql = &sql;
    c.lat_ns = xmalloc(sizeof *c.lat_ns * (size_t)(nq + 1));
    c.show_failures = 0;
    printf("  queries: %ld exact (6 styles in turn, e.g. \"%s\" / \"%s\"), %ld fuzzy (e.g. \"%s\")\n",
           qs.nexact, qs.nexact > 1 ? qs.exact[1].text : "", qs.nexact > 2 ? qs.exact[2].text : "",
           qs.nfuzzy, qs.nfuzzy ? qs.fuzzy[0].text : "");
    fflush(stdout);

    /* Warm-up outside the timings: SQLite's pages, the library's first calls. */
    for (k = 0; k < qs.nexact && k < 2000; k++) {
        run_one(&c, M_EXACT, &qs.exact[k], NULL);
        if (k < 300)
            run_one(&c, M_SQL, &qs.exact[k], NULL);
    }

    /* The SQL baseline first (sampled: every k-th query), then the library. */
    nsample = nsql < qs.nexact ? nsql : qs.nexact;
    sample = xmalloc(sizeof *sample * (size_t)(nsample + 1));
    for (k = 0; k < nsample; k++)
        sample[k] = qs.exact[k * (qs.nexact / nsample)];
    if (only >= 0 && only != M_SQL)
        nsample = 0;
    out->r[M_SQL] = measure(&c, M_SQL, sample, nsample);
    nsample = nsql / 4 < qs.nfuzzy ? nsql / 4 : qs.nfuzzy;
    if (only >= 0 && only != M_SQL_FUZZY)
        nsample = 0;
    for (k = 0; k < nsample; k++)
        sample[k] = qs.fuzzy[k * (qs.nfuzzy / nsample)];
    out->r[M_SQL_FUZZY] = measure(&c, M_SQL_FUZZY, sample, nsample);
    free(sample);

    c.show_failures = failures;
#define WANT(m) (only < 0 || only == (m))
    out->r[M_EXACT] = measure(&c, M_EXACT, qs.exact, WANT(M_EXACT) ? qs.nexact : 0);
    out->r[M_STATUS] = measure(&c, M_STATUS, qs.exact, WANT(M_STATUS) ? qs.nexact : 0);
    out->r[M_STATUS_CALL] = measure(&c, M_STATUS_CALL, qs.exact, WANT(M_STATUS_CALL) ? qs.nexact : 0);
    out->r[M_NORM] = measure(&c, M_NORM, qs.exact, WANT(M_NORM) ? qs.nexact : 0);
    c.show_failures = failures;
    out->r[M_FUZZY] = measure(&c, M_FUZZY, qs.fuzzy, WANT(M_FUZZY) ? qs.nfuzzy : 0);
    for (m = 0; m < M_COUNT; m++)
        if (out->r[m].done)
            print_row(m, &out->r[m], m == M_FUZZY ? &out->r[M_SQL_FUZZY]
                                 : m == M_EXACT || m == M_STATUS || m == M_STATUS_CALL ? &out->r[M_SQL]
                                                                 : NULL);
    if (out->r[M_EXACT].done && out->r[M_NORM].done)
        printf("  normalize is %.0f%% of an exact check's time (default options)\n",
               100.0 * out->r[M_EXACT].per_s / out->r[M_NORM].per_s);
    fflush(stdout);
    free(c.lat_ns);
    sql_close(&sql);
    free_queries(&qs);
    domcov_close(db);
}

static void machine(void)
{
    char libs[256];

    snprintf(libs, sizeof libs, "SQLite %s; SpatiaLite %s; libdomcov %s", sqlite3_libversion(),
             spatialite_version(), domcov_version());
    bench_machine(libs, "; one thread");
}

int main(int argc, char **argv)
{
    long nq = 200000, nsql = 5000, sizes[8] = {10000, 100000, 1000000};
    int nsizes = 3, quick = 0, i, nrows = 0, m, failures = 0, largest = -1;
    const char *work = "bench-data", *sample = NULL, *shared = NULL;
    char store[4096], dir[4096];
    row rows[12];

    if (argc == 3 && strcmp(argv[1], "--rss-child") == 0)
        return rss_child(argv[2]);
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--queries") == 0 && i + 1 < argc)
            nq = atol(argv[++i]);
        else if (strcmp(argv[i], "--sql-queries") == 0 && i + 1 < argc)
            nsql = atol(argv[++i]);
        else if (strcmp(argv[i], "--work") == 0 && i + 1 < argc)
            work = argv[++i];
        else if (strcmp(argv[i], "--failures") == 0 && i + 1 < argc)
            failures = atoi(argv[++i]);
        else if (strcmp(argv[i], "--save-queries") == 0 && i + 1 < argc)
            save_queries = argv[++i];
        else if (strcmp(argv[i], "--shared") == 0 && i + 1 < argc)
            shared = argv[++i];
        else if (strcmp(argv[i], "--sizes") == 0 && i + 1 < argc) {
            char *p = argv[++i];
            /* "--sizes 0": no generated store */
            for (nsizes = 0; *p && nsizes < 8;) {
                char *end;
                long v = strtol(p, &end, 10);
                if (end == p)
                    break;
                if (v > 0)
                    sizes[nsizes++] = v;
                p = end + (*end == ',');
            }
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            static const char *const names[M_COUNT] = {"exact", "status", "status-call", "norm",
                                                       "fuzzy", "sql", "sql-fuzzy"};
            for (only = 0; only < M_COUNT && strcmp(names[only], argv[i + 1]) != 0; only++)
                ;
            if (only == M_COUNT)
                die("--only exact|status|status-call|norm|fuzzy|sql|sql-fuzzy");
            i++;
        } else if (strcmp(argv[i], "--quick") == 0)
            quick = 1;
        else if (argv[i][0] == '-')
            die("usage: bench_addresses [--queries N] [--sql-queries N] [--work DIR] [--quick] "
                "[--shared DIR] [--sizes N,N,...] [--failures N] [--only METHOD] "
                "[--save-queries DIR] [SAMPLE_STORE]");
        else
            sample = argv[i];
    }
#ifdef DC_SAMPLE_STORE
    if (sample == NULL)
        sample = DC_SAMPLE_STORE;
#endif
    if (shared == NULL)
        shared = getenv("DOMCOV_SHARED_DATA") ? getenv("DOMCOV_SHARED_DATA") : DC_SHARED_DATA;
    if (quick) {
        nq = nq > 20000 ? 20000 : nq;
        nsql = nsql > 1000 ? 1000 : nsql;
        if (nsizes == 3 && sizes[2] == 1000000)
            nsizes = 2;
    }
    if (nq < 100)
        nq = 100;
    mkdir(work, 0755);
    machine();
    printf("queries: %ld exact and %ld fuzzy per store; SQL baseline sampled: %ld exact, %ld "
           "fuzzy\n",
           nq, nq / 10, nsql, nsql / 4);

    for (i = 0; i < nsizes; i++) {
        char label[64];
        snprintf(label, sizeof label, "gen-%ld", sizes[i]);
        snprintf(store, sizeof store, "%s/addr-%s.sqlite", work, label);
        snprintf(dir, sizeof dir, "%s/addr-%s-src", work, label);
        if (!file_exists(store))
            gen_addr_store(dir, store, sizes[i]);
        largest = nrows;
        run_store(argv[0], label, store, work, nq, nsql, failures, &rows[nrows++]);
    }
    if (sample && file_exists(sample) && only < 0)
        run_store(argv[0], "sample", sample, work, nq, nsql, failures, &rows[nrows++]);
#ifdef DC_SOURCE_DATA
    if (only >= 0)
        ;
    else if (real_store(work, shared, DC_SOURCE_DATA, store, sizeof store) == 0)
        run_store(argv[0], "real-ekaterinburg", store, work, nq, nsql, failures,
                  &rows[nrows++]);
    else
        printf("\n(the real register %s/real/reformagkh_ekaterinburg_2016.csv is absent: skipped)\n",
               shared);
#endif

    printf("\n== summary (one thread; throughput in queries/s; p50/p99 in us; xSQL = the same "
           "queries through normalize + SQLite TEXT key + SpatiaLite ST_Contains; right = the "
           "wanted house MATCHED, among addresses the register lists once) ==\n");
    printf("| store | houses | streets | open ms | RSS +MB | RSS total MB | register MB | exact /s "
           "| p50/p99 | right | status-only /s | p50/p99 | status call /s | p50/p99 | normalize /s "
           "| fuzzy /s | p50/p99 | right | SQL exact /s | SQL fuzzy /s | exact xSQL | status xSQL "
           "| status call xSQL | fuzzy xSQL |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
           "---:|---:|---:|---:|---:|---:|---:|\n");
    for (i = 0; i < nrows; i++) {
        const row *r = &rows[i];
        const result *x = r->r;
        printf("| %s | %ld | %ld | %.0f | %.1f | %.1f | %.1f | %.0f | %.2f/%.2f | %.2f%% | %.0f | "
               "%.2f/%.2f | %.0f | %.2f/%.2f | %.0f | %.0f | %.1f/%.1f | %.2f%% | %.0f | %.0f | %.0f "
               "| %.0f | %.0f | %.0f |\n",
               r->label, r->houses, r->streets, r->open_ms, r->rss_delta_mb, r->rss_total_mb,
               r->reg_mb, x[M_EXACT].per_s, x[M_EXACT].p50, x[M_EXACT].p99,
               100.0 * x[M_EXACT].uniq_right / (x[M_EXACT].uniq ? x[M_EXACT].uniq : 1),
               x[M_STATUS].per_s, x[M_STATUS].p50, x[M_STATUS].p99, x[M_STATUS_CALL].per_s,
               x[M_STATUS_CALL].p50, x[M_STATUS_CALL].p99, x[M_NORM].per_s,
               x[M_FUZZY].per_s, x[M_FUZZY].p50, x[M_FUZZY].p99,
               100.0 * x[M_FUZZY].uniq_right / (x[M_FUZZY].uniq ? x[M_FUZZY].uniq : 1), x[M_SQL].per_s,
               x[M_SQL_FUZZY].per_s, x[M_EXACT].per_s / x[M_SQL].per_s,
               x[M_STATUS].per_s / x[M_SQL].per_s, x[M_STATUS_CALL].per_s / x[M_SQL].per_s,
               x[M_FUZZY].per_s / x[M_SQL_FUZZY].per_s);
    }

    printf("\n== targets (issue #8; single thread, this machine) ==\n");
    for (i = 0; i < nrows; i++) {
        const row *r = &rows[i];
        if (i != largest) /* the largest generated store (1M houses in a full run) */
            continue;
        printf(" on %s (%ld houses):\n", r->label, r->houses);
        printf("  raw address -> house -> coverage >= 500,000/s: default %.0f/s %s; status-only "
               "flags %.0f/s %s; status call %.0f/s %s\n",
               r->r[M_EXACT].per_s, r->r[M_EXACT].per_s >= 500000 ? "MET" : "NOT MET",
               r->r[M_STATUS].per_s, r->r[M_STATUS].per_s >= 500000 ? "MET" : "NOT MET",
               r->r[M_STATUS_CALL].per_s, r->r[M_STATUS_CALL].per_s >= 500000 ? "MET" : "NOT MET");
        printf("  fuzzy (one typo, city known) >= 20,000/s: %.0f/s %s\n", r->r[M_FUZZY].per_s,
               r->r[M_FUZZY].per_s >= 20000 ? "MET" : "NOT MET");
        printf("  RSS <= 64 MB for 1M houses: +%.1f MB after open (%.1f MB process total) %s\n",
               r->rss_delta_mb, r->rss_total_mb,
               r->houses < 900000 ? "(not a 1M store: no verdict)"
               : r->rss_delta_mb <= 64 ? "MET" : "NOT MET");
    }
    printf(" scaling (exact default /s; fuzzy /s; RSS +MB):");
    for (i = 0; i < nrows; i++)
        if (strncmp(rows[i].label, "gen-", 4) == 0)
            printf("  %s: %.0f; %.0f; %.1f", rows[i].label + 4, rows[i].r[M_EXACT].per_s,
                   rows[i].r[M_FUZZY].per_s, rows[i].rss_delta_mb);
    printf("\n");
    (void)m;
    return 0;
}
