/* domcov check "ADDRESS": the address matcher's answer, in Russian or JSON. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *level_ru(int level)
{
    switch (level) {
    case DOMCOV_MATCH_HOUSE_EXACT: return "дом найден точно";
    case DOMCOV_MATCH_HOUSE_PARTIAL: return "дом найден без корпуса/строения/литеры";
    case DOMCOV_MATCH_STREET: return "найдена улица, дом не найден";
    case DOMCOV_MATCH_CITY: return "найден город, улица не найдена";
    default: return "адрес не распознан";
    }
}

void cli_address_parts_json(const domcov_address *a)
{
    static const char *const names[] = {"postcode", "country", "region", "region_type", "district",
                                        "district_type", "city", "city_type", "street",
                                        "street_type", "house", "letter", "korpus", "stroenie",
                                        "flat", "flat_type"};
    const char *values[16];
    int i;

    values[0] = a->postcode; values[1] = a->country; values[2] = a->region;
    values[3] = a->region_type; values[4] = a->district; values[5] = a->district_type;
    values[6] = a->city; values[7] = a->city_type; values[8] = a->street;
    values[9] = a->street_type; values[10] = a->house; values[11] = a->letter;
    values[12] = a->korpus; values[13] = a->stroenie; values[14] = a->flat;
    values[15] = a->flat_type;
    printf("{\"canonical\":");
    json_string(stdout, a->canonical);
    for (i = 0; i < 16; i++) {
        printf(",\"%s\":", names[i]);
        json_string(stdout, values[i]);
    }
    printf(",\"transliterated\":%s,\"ambiguous\":%s}",
           a->flags & DOMCOV_ADDR_TRANSLITERATED ? "true" : "false",
           a->flags & DOMCOV_ADDR_AMBIGUOUS ? "true" : "false");
}

static void print_json(const char *text, const domcov_address_result *r, int covered)
{
    int i;

    printf("{\"query\":");
    json_string(stdout, text);
    printf(",\"status\":\"%s\",\"match_level\":\"%s\",\"qc_house\":%d,\"street_fuzzy\":%s,\"covered\":%s",
           domcov_match_status_name(r->status), domcov_match_level_name(r->match_level), r->qc_house,
           r->street_fuzzy ? "true" : "false", covered ? "true" : "false");
    printf(",\"address\":");
    json_string(stdout, r->address);
    printf(",\"house_id\":");
    json_string(stdout, r->house_id);
    printf(",\"city_code\":");
    json_string(stdout, r->city_code);
    printf(",\"lat\":");
    if (r->has_point) json_number(stdout, r->lat); else printf("null");
    printf(",\"lon\":");
    if (r->has_point) json_number(stdout, r->lon); else printf("null");
    printf(",\"coverage\":");
    if (r->coverage)
        cli_point_json(r->coverage, covered);
    else
        printf("null");
    printf(",\"city\":");
    if (r->city.match != DOMCOV_CITY_NONE) {
        printf("{");
        cli_city_fields_json(&r->city);
        printf("}");
    } else {
        printf("null");
    }
    printf(",\"parsed\":");
    cli_address_parts_json(r->parsed);
    printf(",\"candidates\":[");
    for (i = 0; i < r->candidate_count; i++) {
        const domcov_candidate *c = &r->candidates[i];
        printf("%s{\"address\":", i ? "," : "");
        json_string(stdout, c->address);
        printf(",\"house_id\":");
        json_string(stdout, c->house_id);
        printf(",\"city_code\":");
        json_string(stdout, c->city_code);
        printf(",\"match_level\":\"%s\",\"score\":", domcov_match_level_name(c->match_level));
        json_number(stdout, c->score);
        printf(",\"lat\":");
        if (c->has_point) json_number(stdout, c->lat); else printf("null");
        printf(",\"lon\":");
        if (c->has_point) json_number(stdout, c->lon); else printf("null");
        printf("}");
    }
    printf("]}\n");
}

static void print_text(const domcov_address_result *r)
{
    int i;

    if (r->status == DOMCOV_MATCHED && r->address)
        printf("%s (%s%s)\n", r->address, level_ru(r->match_level),
               r->street_fuzzy ? ", улица с исправленной опечаткой" : "");
    else if (r->status == DOMCOV_AMBIGUOUS)
        printf("Адрес неоднозначен, уточните:\n");
    else
        printf("Не найдено: %s%s%s\n", level_ru(r->match_level), r->address ? " — " : "",
               r->address ? r->address : "");
    if (r->coverage)
        cli_point_text(r->coverage, 0);
    else if (r->status == DOMCOV_MATCHED)
        printf("  У дома нет координат в реестре: покрытие не проверено\n");
    if (r->status != DOMCOV_MATCHED)
        for (i = 0; i < r->candidate_count; i++)
            printf("  %d. %s\n", i + 1, r->candidates[i].address);
    if (!r->coverage && r->city.match != DOMCOV_CITY_NONE)
        printf("  Подключение: %s, поддержка абонентов: %s\n", r->city.sales_phone,
               r->city.support_phone);
}

int cli_check_address(const char *text, const cli_check_args *a)
{
    domcov_db *db = NULL;
    domcov_address_result *r = NULL;
    domcov_match_options opts = {a->city, 0};
    int code = EXIT_FOUND, status, covered = 0, s;
    char *end = NULL;

    if (a->candidates) {
        long n = strtol(a->candidates, &end, 10);
        if (*end != '\0' || n < 1 || n > 100)
            return cli_usage("check", "--candidates must be 1..100, not '%s'", a->candidates);
        opts.max_candidates = (int)n;
    }
    db = cli_open_store("check", a->store, &code);
    if (db == NULL)
        return code;
    status = domcov_check_address(db, text, &opts, &r);
    if (status != DOMCOV_OK) {
        code = cli_fail("check", status, "cannot check the address");
        goto cleanup;
    }
    for (s = 0; r->coverage && s < DOMCOV_SERVICE_COUNT; s++)
        if (a->service < 0 || a->service == s)
            covered |= r->coverage->services[s].available;
    if (a->json)
        print_json(text, r, covered);
    else
        print_text(r);
    code = covered ? EXIT_FOUND : EXIT_NOT_FOUND;
cleanup:
    domcov_address_result_free(r);
    domcov_close(db);
    return code;
}
