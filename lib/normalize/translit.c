/* Latin → Cyrillic transliteration, look-alike letters and name skeletons. */
#include "normalize/translit.h"

#include <string.h>

#include "normalize/utf8_codec.h"

enum section { SEC_NONE, SEC_LATIN, SEC_LOOKALIKE, SEC_SKEL_LATIN, SEC_SKEL_CYR, SEC_SOFT_IY };

static int is_latin_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static int is_latin_letter(char c)
{
    return c >= 'a' && c <= 'z';
}

/* Inserts keeping longer `from` first and, among equals, the order of the file. */
static int add_rule(dc_rule_set *set, const char *from, size_t from_len, const char *to, size_t to_len)
{
    dc_translit_rule r;
    int i, rc = -1;

    memset(&r, 0, sizeof r);
    if (from_len > 0 && from[0] == '^') {
        r.where |= DC_TR_START;
        from++;
        from_len--;
    } else if (from_len > 3 && memcmp(from, "[v]", 3) == 0) {
        r.where |= DC_TR_AFTER_VOWEL;
        from += 3;
        from_len -= 3;
    } else if (from_len > 3 && memcmp(from, "[c]", 3) == 0) {
        r.where |= DC_TR_AFTER_CONSONANT;
        from += 3;
        from_len -= 3;
    }
    if (from_len > 1 && from[from_len - 1] == '$') {
        r.where |= DC_TR_END;
        from_len--;
    }
    if (to_len == 1 && to[0] == '-')
        to_len = 0;
    if (from_len == 0 || from_len > DC_TRANSLIT_MAX_FROM || to_len > DC_TRANSLIT_MAX_TO ||
        set->count >= DC_TRANSLIT_MAX_RULES)
        goto cleanup;
    memcpy(r.from, from, from_len);
    memcpy(r.to, to, to_len);
    r.from_len = (uint8_t)from_len;
    r.to_len = (uint8_t)to_len;
    i = set->count;
    while (i > 0 && set->rules[i - 1].from_len < r.from_len) {
        set->rules[i] = set->rules[i - 1];
        i--;
    }
    set->rules[i] = r;
    set->count++;
    rc = 0;
cleanup:
    return rc;
}

static int load_line(dc_translit *t, enum section sec, const char *line, size_t len)
{
    size_t a = 0, b, c;
    int rc = -1;

    while (a < len && line[a] != ' ' && line[a] != '\t')
        a++;
    if (sec == SEC_SOFT_IY) {
        /* One word a line. */
        if (a == len && a < DC_TRANSLIT_SOFT_LEN && t->soft_count < DC_TRANSLIT_MAX_SOFT) {
            memcpy(t->soft_iy[t->soft_count++], line, a);
            rc = 0;
        }
        goto cleanup;
    }
    b = a;
    while (b < len && (line[b] == ' ' || line[b] == '\t'))
        b++;
    c = b;
    while (c < len && line[c] != ' ' && line[c] != '\t')
        c++;
    if (a == 0 || b == c)
        goto cleanup;
    switch (sec) {
    case SEC_LATIN:
        rc = add_rule(&t->latin, line, a, line + b, c - b);
        break;
    case SEC_SKEL_LATIN:
        rc = add_rule(&t->skeleton_latin, line, a, line + b, c - b);
        break;
    case SEC_LOOKALIKE:
        if (a == 1 && is_latin_letter(line[0]) && c - b < sizeof t->lookalike[0]) {
            memcpy(t->lookalike[line[0] - 'a'], line + b, c - b);
            rc = 0;
        }
        break;
    case SEC_SKEL_CYR: {
        uint32_t cp;
        size_t n = dc_utf8_decode(line, &cp);

        if (n == a && cp >= 0x0430 && cp <= 0x044F && c - b < sizeof t->skeleton_cyr[0]) {
            if (!(c - b == 1 && line[b] == '-'))
                memcpy(t->skeleton_cyr[cp - 0x0430], line + b, c - b);
            rc = 0;
        }
        break;
    }
    case SEC_NONE:
    case SEC_SOFT_IY:
        break;
    }
cleanup:
    return rc;
}

int dc_translit_load(dc_translit *t, const char *text, size_t len, int *bad_line)
{
    enum section sec = SEC_NONE;
    size_t pos = 0;
    int line_no = 0, rc = 0;

    memset(t, 0, sizeof *t);
    while (pos < len && rc == 0) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;

        pos += n + 1;
        line_no++;
        if (n == 0)
            continue;
        if (line[0] == '[') {
            if (n == 7 && memcmp(line, "[latin]", 7) == 0)
                sec = SEC_LATIN;
            else if (n == 11 && memcmp(line, "[lookalike]", 11) == 0)
                sec = SEC_LOOKALIKE;
            else if (n == 16 && memcmp(line, "[skeleton_latin]", 16) == 0)
                sec = SEC_SKEL_LATIN;
            else if (n == 19 && memcmp(line, "[skeleton_cyrillic]", 19) == 0)
                sec = SEC_SKEL_CYR;
            else if (n == 9 && memcmp(line, "[soft_iy]", 9) == 0)
                sec = SEC_SOFT_IY;
            else if (n > 3 && (memcmp(line, "[v]", 3) == 0 || memcmp(line, "[c]", 3) == 0))
                rc = load_line(t, sec, line, n);
            else
                rc = -1;
        } else {
            rc = load_line(t, sec, line, n);
        }
        if (rc != 0)
            *bad_line = line_no;
    }
    return rc;
}

static int rule_applies(const dc_translit_rule *r, const char *w, size_t len, size_t i)
{
    int ok = 1;
    char prev = i > 0 ? w[i - 1] : '\0';
    size_t end = i + r->from_len;

    if (end > len || memcmp(w + i, r->from, r->from_len) != 0)
        ok = 0;
    else if ((r->where & DC_TR_START) && i > 0 && is_latin_letter(prev))
        ok = 0;
    else if ((r->where & DC_TR_END) && end < len && (is_latin_letter(w[end]) || w[end] == '\''))
        ok = 0;
    else if ((r->where & DC_TR_AFTER_VOWEL) && !is_latin_vowel(prev))
        ok = 0;
    else if ((r->where & DC_TR_AFTER_CONSONANT) && (!is_latin_letter(prev) || is_latin_vowel(prev)))
        ok = 0;
    return ok;
}

static const dc_translit_rule *best_rule(const dc_rule_set *set, const char *w, size_t len, size_t i)
{
    const dc_translit_rule *best = NULL;

    for (int k = 0; k < set->count && best == NULL; k++) {
        const dc_translit_rule *r = &set->rules[k];

        if (r->from[0] == w[i] && rule_applies(r, w, len, i))
            best = r;
    }
    return best;
}

static int is_soft_iy(const dc_translit *t, const char *w, size_t n)
{
    int found = 0;

    for (int k = 0; k < t->soft_count && !found; k++)
        found = strlen(t->soft_iy[k]) == n && memcmp(t->soft_iy[k], w, n) == 0;
    return found;
}

/* Whether the two-byte Cyrillic letter at p is a consonant after which -ий is hard (-ый): not г к х ж ч ш щ. */
static int hard_before_iy(const char *p)
{
    static const char *const consonants[] = {"б", "в", "д", "з", "л", "м", "н", "п", "р", "с", "т", "ф", "ц"};
    int hard = 0;

    for (size_t k = 0; k < sizeof consonants / sizeof consonants[0] && !hard; k++)
        hard = memcmp(p, consonants[k], 2) == 0;
    return hard;
}

/*
 * The adjective endings the schemes blur (see the [latin] comments): "-iy"
 * (ий or ый) and "-ny" (ный, or ний for the words of [soft_iy]).
 */
static size_t fix_ending(const dc_translit *t, const char *word, size_t len, char *out, size_t o)
{
    if (len >= 4 && memcmp(word + len - 2, "iy", 2) == 0 && o >= 6 && memcmp(out + o - 4, "ий", 4) == 0 &&
        hard_before_iy(out + o - 6) && !is_soft_iy(t, out, o))
        memcpy(out + o - 4, "ый", 4);
    else if (len >= 4 && memcmp(word + len - 2, "ny", 2) == 0 && o >= 6 && memcmp(out + o - 6, "ный", 6) == 0) {
        memcpy(out + o - 4, "ий", 4);
        if (!is_soft_iy(t, out, o))
            memcpy(out + o - 4, "ый", 4);
    }
    return o;
}

size_t dc_translit_word(const dc_translit *t, const char *word, size_t len, char *out)
{
    size_t i = 0, o = 0;

    while (i < len) {
        const dc_translit_rule *r = best_rule(&t->latin, word, len, i);

        if (r != NULL) {
            memcpy(out + o, r->to, r->to_len);
            o += r->to_len;
            i += r->from_len;
        } else {
            out[o++] = word[i++]; /* hyphens and anything unknown pass through */
        }
    }
    o = fix_ending(t, word, len, out, o);
    out[o] = '\0';
    return o;
}

const char *dc_translit_lookalike(const dc_translit *t, char c)
{
    const char *r = NULL;

    if (is_latin_letter(c) && t->lookalike[c - 'a'][0] != '\0')
        r = t->lookalike[c - 'a'];
    return r;
}

size_t dc_translit_skeleton(const dc_translit *t, const char *s, size_t len, char *out, size_t cap)
{
    size_t i = 0, o = 0;

    if (cap == 0)
        return 0;

    while (i < len && o + 4 < cap) {
        unsigned char c = (unsigned char)s[i];

        if (is_latin_letter((char)c) || c == '\'') {
            const dc_translit_rule *r = best_rule(&t->skeleton_latin, s, len, i);

            if (r != NULL) {
                memcpy(out + o, r->to, r->to_len);
                o += r->to_len;
                i += r->from_len;
            } else {
                out[o++] = (char)c;
                i++;
            }
        } else if (c >= 0x80) {
            uint32_t cp;
            size_t n = dc_utf8_decode(s + i, &cp);

            if (cp >= 0x0410 && cp <= 0x042F)
                cp += 0x20; /* А..Я */
            else if (cp == 0x0401 || cp == 0x0451)
                cp = 0x0435; /* Ё, ё → е */
            if (cp >= 0x0430 && cp <= 0x044F) {
                const char *m = t->skeleton_cyr[cp - 0x0430];
                size_t ml = strlen(m);

                memcpy(out + o, m, ml);
                o += ml;
            }
            i += n;
        } else {
            if (c >= '0' && c <= '9')
                out[o++] = (char)c;
            i++; /* spaces, hyphens and punctuation vanish */
        }
    }
    out[o] = '\0';
    /*
     * Collapse doubled letters, not digits ("tolyatti" and "togliatti" differ
     * less) and drop "i" before "e": ые, ье and ye, yie meet as "e".
     */
    if (o > 1) {
        size_t w = 0;

        for (size_t r = 0; r < o; r++) {
            if (w > 0 && out[r] == out[w - 1] && !(out[r] >= '0' && out[r] <= '9'))
                continue;
            if (out[r] == 'i' && r + 1 < o && out[r + 1] == 'e')
                continue;
            out[w++] = out[r];
        }
        o = w;
        out[o] = '\0';
    }
    return o;
}
