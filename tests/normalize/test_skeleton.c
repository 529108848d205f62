/*
 * dc_name_skeleton (lib/normalize/skeleton.h): every spelling of a name in a
 * group must give the group's skeleton, and the edge cases (NULL, small
 * buffers, upper case, ё) must behave as documented.
 */
#include <stdio.h>
#include <string.h>

#include "normalize/skeleton.h"

typedef struct group {
    const char *skeleton;
    const char *spellings[8];
} group;

static const group groups[] = {
    {"medvezhe", {"медвежье", "medvezhe", "medvezhye", "Медвежье", NULL}},
    {"partsezda", {"партсъезда", "partsyezda", "partsezda", "Partsyezda", NULL}},
    {"krasni", {"красный", "krasniy", "krasnyy", "krasnyj", "krasny", "krasnyi", NULL}},
    {"krasniar", {"красный яр", "krasniy yar", "krasny yar", "krasnyy yar", NULL}},
    {"ekaterinburg", {"екатеринбург", "yekaterinburg", "ekaterinburg", NULL}},
    {"22partsezda", {"22 партсъезда", "22 partsyezda", NULL}},
    {"zelenaia", {"зеленая", "зелёная", "zelyonaya", "zelenaya", NULL}},
    {"maiorova", {"майорова", "mayorova", NULL}},
    {"shorsa", {"щорса", "shchorsa", "schorsa", NULL}},
    {"tsvetochnaia", {"цветочная", "tsvetochnaya", "tcvetochnaya", NULL}},
    {"liubinski", {"любинский", "lyubinsky", "lyubinskiy", NULL}},
    {"engelsa", {"энгельса", "engelsa", "engel'sa", NULL}},
};

static int failures;

static void expect(const char *what, const char *got, const char *want)
{
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "%s: skeleton '%s', expected '%s'\n", what, got, want);
        failures++;
    }
}

int main(void)
{
    char out[64], small[4];
    int checked = 0;

    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        for (int k = 0; groups[g].spellings[k] != NULL; k++) {
            size_t n = dc_name_skeleton(groups[g].spellings[k], out, sizeof out);

            expect(groups[g].spellings[k], out, groups[g].skeleton);
            if (n != strlen(out)) {
                fprintf(stderr, "%s: returned %zu for '%s'\n", groups[g].spellings[k], n, out);
                failures++;
            }
            checked++;
        }
    if (dc_name_skeleton(NULL, out, sizeof out) != 0 || out[0] != '\0') {
        fprintf(stderr, "NULL: expected \"\"\n");
        failures++;
    }
    if (dc_name_skeleton("медвежье", NULL, 0) != 0 || dc_name_skeleton("медвежье", out, 0) != 0) {
        fprintf(stderr, "cap 0: expected 0\n");
        failures++;
    }
    if (dc_name_skeleton("медвежье", small, sizeof small) >= sizeof small || strlen(small) >= sizeof small) {
        fprintf(stderr, "cap 4: overflow\n");
        failures++;
    }
    printf("%d spellings checked, %d failures\n", checked, failures);
    return failures ? 1 : 0;
}
