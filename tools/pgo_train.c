/*
 * The workload a profile-guided release build learns from (tools/build.sh):
 * the sample store's own houses asked for the ways people write them, by
 * address and by point, plus the texts of the test cases (the first column
 * of tests/cases files), which carry the odd spellings.  What it runs is what the
 * compiler lays out for.  It fails (and so does the build) only when it could
 * not ask the store anything: a training of the test texts alone would lay the
 * library out for the odd cases.
 *
 * Usage: pgo_train STORE [CASES.tsv...]
 */
#include "domcov.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUNDS 6

/* One text through every public path that reads an address. */
static void ask(const domcov_db *db, const char *text)
{
    static const domcov_match_options one = {NULL, 1};
    domcov_address *a = NULL;
    domcov_address_result *r = NULL;
    domcov_address_status st;

    if (domcov_normalize(text, &a) == DOMCOV_OK)
        domcov_address_free(a);
    if (domcov_check_address(db, text, NULL, &r) == DOMCOV_OK)
        domcov_address_result_free(r);
    r = NULL;
    if (domcov_check_address_ex(db, text, &one, DOMCOV_CHECK_NO_DISTANCE | DOMCOV_CHECK_NO_CITY, &r) ==
        DOMCOV_OK)
        domcov_address_result_free(r);
    (void)domcov_check_address_status(db, text, NULL, &st);
}

/* A house written four ways; every fourth with its street's first (Cyrillic, two-byte)
 * letter dropped: a typo. */
static void ask_house(const domcov_db *db, const char *const c[8], int n)
{
    char text[1024];
    int cyrillic = ((unsigned char)c[3][0] & 0xE0) == 0xC0 && strlen(c[3]) > 4;
    const char *street = n % 4 == 3 && cyrillic ? c[3] + 2 : c[3];
    const char *k = c[6], *s = c[7];

    switch (n % 4) {
    case 0:
        snprintf(text, sizeof text, "г. %s, %s. %s, д. %s%s%s%s%s%s", c[0], c[2], street, c[4], c[5],
                 *k ? " корп. " : "", k, *s ? " стр. " : "", s);
        break;
    case 1:
        snprintf(text, sizeof text, "%s %s %s%s%s%s", c[0], street, c[4], c[5], *k ? " к" : "", k);
        break;
    case 2:
        snprintf(text, sizeof text, "%s.%s, д.%s%s, %s", c[2], street, c[4], c[5], c[0]);
        break;
    default:
        snprintf(text, sizeof text, "Россия, %s, улица %s, дом %s%s, кв. 12", c[0], street, c[4], c[5]);
    }
    ask(db, text);
}

/* The houses asked; 0 when the store could not be read. */
static int train_houses(const domcov_db *db, const char *store)
{
    sqlite3 *sq = NULL;
    sqlite3_stmt *st = NULL;
    int n = 0, i;

    if (sqlite3_open_v2(store, &sq, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(sq,
                           "SELECT c.name, c.type, s.type, s.name, h.number, coalesce(h.letter,''), "
                           "coalesce(h.korpus,''), coalesce(h.stroenie,''), h.lat, h.lon "
                           "FROM houses h JOIN streets s ON s.id = h.street_id "
                           "JOIN cities c ON c.id = s.city_id",
                           -1, &st, NULL) != SQLITE_OK)
        goto cleanup;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *c[8];
        domcov_point_status ps;
        for (i = 0; i < 8; i++)
            c[i] = sqlite3_column_text(st, i) ? (const char *)sqlite3_column_text(st, i) : "";
        ask_house(db, c, n++);
        if (sqlite3_column_type(st, 8) != SQLITE_NULL)
            (void)domcov_check_point_status(db, sqlite3_column_double(st, 8),
                                            sqlite3_column_double(st, 9) + 0.001 * (n % 7), &ps);
    }
cleanup:
    sqlite3_finalize(st);
    sqlite3_close(sq);
    return n;
}

/* The first column of each case line; comments and blank lines skipped. */
static void train_cases(const domcov_db *db, const char *path)
{
    FILE *f = fopen(path, "r");
    char line[4096];

    if (f == NULL)
        return;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\t\n")] = '\0';
        if (line[0] != '\0' && line[0] != '#')
            ask(db, line);
    }
    fclose(f);
}

int main(int argc, char **argv)
{
    domcov_db *db = NULL;
    int round, i, asked = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: pgo_train STORE [CASES.tsv...]\n");
        return 2;
    }
    if (domcov_open(argv[1], 0, &db) != DOMCOV_OK) {
        fprintf(stderr, "pgo_train: %s\n", domcov_errmsg(NULL));
        return 3;
    }
    for (round = 0; round < ROUNDS; round++) {
        asked += train_houses(db, argv[1]);
        for (i = 2; i < argc; i++)
            train_cases(db, argv[i]);
    }
    domcov_close(db);
    if (asked == 0) {
        fprintf(stderr, "pgo_train: no house read from %s (has the schema changed?)\n", argv[1]);
        return 1;
    }
    printf("pgo_train: %d house texts, %d rounds\n", asked, ROUNDS);
    return 0;
}
