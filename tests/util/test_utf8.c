/* Table-driven test of dc_utf8_invalid_offset.
 *
 * Each line of the table: hex bytes (space separated, "HH*N" repeats a byte
 * N times so the 8-byte ASCII path gets exercised), TAB, expected offset
 * (-1 = valid).  '#' starts a comment line. */
#include "lib/util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decodes the hex column into buf; -1 on a malformed column. */
static long decode_hex(const char *s, unsigned char *buf, size_t cap)
{
    size_t n = 0;

    while (*s != '\0') {
        char *end;
        unsigned long byte, rep = 1;

        while (*s == ' ')
            s++;
        if (*s == '\0')
            break;
        byte = strtoul(s, &end, 16);
        if (end == s || byte > 0xFF)
            return -1;
        s = end;
        if (*s == '*') {
            rep = strtoul(s + 1, &end, 10);
            if (end == s + 1)
                return -1;
            s = end;
        }
        if (rep > cap - n)
            return -1;
        memset(buf + n, (int)byte, rep);
        n += rep;
    }
    return (long)n;
}

int main(int argc, char **argv)
{
    static unsigned char buf[1 << 16];
    char line[4096];
    unsigned long lineno = 0, passed = 0, failed = 0;
    FILE *f;

    if (argc != 2) {
        fprintf(stderr, "usage: %s utf8.tsv\n", argv[0]);
        return 2;
    }
    f = fopen(argv[1], "r");
    if (f == NULL) {
        perror(argv[1]);
        return 2;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char *tab, *end;
        long n, want, got;

        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        tab = strchr(line, '\t');
        if (tab == NULL) {
            printf("%s:%lu: malformed case (no TAB)\n", argv[1], lineno);
            failed++;
            continue;
        }
        *tab = '\0';
        n = decode_hex(line, buf, sizeof buf);
        want = strtol(tab + 1, &end, 10);
        if (n < 0 || end == tab + 1) {
            printf("%s:%lu: malformed case\n", argv[1], lineno);
            failed++;
            continue;
        }
        got = dc_utf8_invalid_offset((const char *)buf, (size_t)n);
        if (got != want) {
            printf("%s:%lu: [%s] expected %ld, got %ld\n", argv[1], lineno, line, want, got);
            failed++;
        } else {
            passed++;
        }
    }
    fclose(f);
    printf("%lu passed, %lu failed\n", passed, failed);
    return failed > 0 ? 1 : 0;
}
