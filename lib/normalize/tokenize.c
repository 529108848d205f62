/* Cuts folded address text into word and number tokens. */
#include "normalize/tokenize.h"

#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "normalize/utf8_codec.h"

/* A letter run this long or shorter stays inside a number: "5корп2", "5лит". */
#define MAX_LETTERS_IN_NUMBER 4

enum char_class { C_SEP, C_SPACE, C_LATIN, C_CYR, C_LETTER, C_DIGIT };

typedef struct scanner {
    const dc_dicts *d;
    const char *s;
    size_t len, pos;
    char *arena;
    size_t used;
    dc_token_list *out;
    uint16_t seg;
    uint8_t pending; /* flags for the next token: SPACE, SEG */
    uint8_t latin_mode;     /* the address is transliterated: Latin house letters are transliterated */
    uint8_t lookalike_used; /* a look-alike was written where latin_mode would transliterate */
} scanner;

static enum char_class classify_other(const char *s, size_t i, size_t *n)
{
    enum char_class k = C_SEP;
    uint32_t cp;

    *n = dc_utf8_decode(s + i, &cp);
    if (cp >= 0x0400 && cp <= 0x04FF) {
        k = C_CYR;
    } else {
        utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);

        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
            k = C_LETTER;
    }
    return k;
}

static inline enum char_class classify(const char *s, size_t len, size_t i, size_t *n)
{
    unsigned char c = (unsigned char)s[i];
    enum char_class k = C_SEP;

    (void)len;
    *n = 1;
    if (c < 0x80) {
        if (c >= 'a' && c <= 'z')
            k = C_LATIN;
        else if (c >= '0' && c <= '9')
            k = C_DIGIT;
        else if (c == ' ')
            k = C_SPACE;
    } else if (c >= 0xD0 && c <= 0xD3) {
        /* U+0400..U+04FF: Cyrillic letters, the common case. */
        *n = 2;
        k = C_CYR;
    } else {
        k = classify_other(s, i, n);
    }
    return k;
}

static int is_letter_class(enum char_class k)
{
    return k == C_LATIN || k == C_CYR || k == C_LETTER;
}

static int letter_at(const scanner *sc, size_t i)
{
    size_t n;

    return i < sc->len && is_letter_class(classify(sc->s, sc->len, i, &n));
}

static int alnum_at(const scanner *sc, size_t i)
{
    size_t n;
    enum char_class k = i < sc->len ? classify(sc->s, sc->len, i, &n) : C_SEP;

    return is_letter_class(k) || k == C_DIGIT;
}

static int digit_at(const scanner *sc, size_t i)
{
    return i < sc->len && sc->s[i] >= '0' && sc->s[i] <= '9';
}

/*
 * Appends one Latin letter as Cyrillic.  In a Cyrillic address its look-alike
 * ("5B" is 5в: a Latin keyboard typed the Cyrillic letter), else its
 * transliteration.  In a transliterated address (latin_mode) the letter is
 * transliterated ("1b" is 1б, "korpus b" korpus б), except c and x, which no
 * scheme writes alone and which stand for their look-alikes с and х.
 */
static void put_latin_letter(scanner *sc, char c, int may_translit)
{
    const char *la = dc_translit_lookalike(&sc->d->translit, c);

    if (la != NULL && may_translit && sc->latin_mode && c != 'c' && c != 'x')
        la = NULL;
    else if (la != NULL && may_translit)
        sc->lookalike_used = 1;
    if (la != NULL) {
        size_t n = strlen(la);

        memcpy(sc->arena + sc->used, la, n);
        sc->used += n;
    } else {
        sc->used += dc_translit_word(&sc->d->translit, &c, 1, sc->arena + sc->used);
    }
}

/*
 * Appends the Latin letters s[i..end) met inside a number token.  In a
 * transliterated address a run of several Latin letters is one transliterated
 * piece ("19zh" is 19ж, "40-letiya" 40-летия) and a lone "y" after a hyphen
 * is the ordinal й ("3-y" is 3-й); otherwise letter by letter.
 */
static void put_latin_in_number(scanner *sc, size_t i, size_t end)
{
    if (!sc->latin_mode) {
        for (size_t k = i; k < end; k++)
            put_latin_letter(sc, sc->s[k], 1);
    } else if (end - i == 1 && sc->s[i] == 'y' && i > 0 && sc->s[i - 1] == '-') {
        memcpy(sc->arena + sc->used, "\xd0\xb9", 2);
        sc->used += 2;
    } else if (end - i == 1) {
        put_latin_letter(sc, sc->s[i], 1);
    } else {
        sc->used += dc_translit_word(&sc->d->translit, sc->s + i, end - i, sc->arena + sc->used);
    }
}

static dc_token *new_token(scanner *sc, uint8_t kind)
{
    dc_token *t = NULL;

    if (sc->out->count < DC_MAX_TOKENS) {
        t = &sc->out->tok[sc->out->count++];
        memset(t, 0, sizeof *t);
        t->kind = kind;
        t->seg = sc->seg;
        t->flags = sc->pending;
        sc->pending = 0;
        /* A token that follows another with nothing between them is glued ("к2"). */
        if (sc->out->count > 1 && !(t->flags & (DC_TF_SPACE | DC_TF_SEG)) && !(t[-1].flags & DC_TF_DOT))
            t->flags |= DC_TF_GLUED;
    }
    return t;
}

/* Counts letters in UTF-8 text (any code point that is not a digit or punctuation). */
static unsigned count_letters(const char *s, size_t len)
{
    size_t i = 0, n;
    unsigned count = 0;

    while (i < len) {
        if (is_letter_class(classify(s, len, i, &n)))
            count++;
        i += n;
    }
    return count;
}

/* Ends the token's text at the arena's end; its letter count is known. */
static void finish_counted(scanner *sc, dc_token *t, size_t start, unsigned letters)
{
    t->text = sc->arena + start;
    t->len = (uint16_t)(sc->used - start);
    sc->arena[sc->used++] = '\0';
    if (t->raw == NULL) {
        t->raw = t->text;
        t->raw_len = t->len;
    }
    t->letters = (uint8_t)(letters > 255 ? 255 : letters);
}

static void finish_text(scanner *sc, dc_token *t, size_t start)
{
    finish_counted(sc, t, start, count_letters(sc->arena + start, sc->used - start));
}

/*
 * The end of the run of Cyrillic letters at s[i]: the common case of a word,
 * two bytes each with a D0..D3 lead.  Sixteen bytes a step while they are
 * left (the first even offset without such a lead ends the run), then by
 * letters: the folded text is valid UTF-8 and ends with a NUL, which stops
 * the run.
 */
static inline size_t cyrillic_run_end(const char *s, size_t i, size_t len)
{
#ifdef __SSE2__
    while (i + 16 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i lead = _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xFC)), _mm_set1_epi8((char)0xD0));
        unsigned not_lead = ~(unsigned)_mm_movemask_epi8(lead) & 0x5555; /* even offsets */

        if (not_lead != 0)
            return i + (size_t)__builtin_ctz(not_lead);
        i += 16;
    }
#endif
    while ((unsigned char)(s[i] - 0xD0) <= 3)
        i += 2;
    return i;
}

static void scan_word(scanner *sc)
{
    size_t start = sc->pos, end = sc->pos, n;
    int latin = 0, other = 0, apostrophes = 0, hyphens = 0;
    dc_token *t;

    end = cyrillic_run_end(sc->s, end, sc->len);
    other = (int)(end - start) / 2;
    while (end < sc->len) {
        enum char_class k = classify(sc->s, sc->len, end, &n);
        char c = sc->s[end];

        if (is_letter_class(k)) {
            if (k == C_LATIN)
                latin++;
            else
                other++;
            end += n;
        } else if ((c == '-' || c == '/' || c == '\'') && letter_at(sc, end + 1) && end > start) {
            apostrophes += c == '\'';
            hyphens += c == '-';
            end++;
        } else {
            break;
        }
    }
    sc->pos = end;
    t = new_token(sc, DC_TOK_WORD);
    if (t == NULL)
        return;
    t->hyphen = hyphens > 0;
    if (latin > 0 && other == 0) {
        size_t raw_start = sc->used, text_start;

        memcpy(sc->arena + sc->used, sc->s + start, end - start);
        sc->used += end - start;
        t->raw = sc->arena + raw_start;
        t->raw_len = (uint16_t)(end - start);
        sc->arena[sc->used++] = '\0';
        text_start = sc->used;
        if (latin == 1 && end - start == 1)
            put_latin_letter(sc, sc->s[start], 1);
        else
            sc->used += dc_translit_word(&sc->d->translit, sc->s + start, end - start,
                                         sc->arena + sc->used);
        t->flags |= DC_TF_LATIN;
        if (latin >= 2)
            sc->out->latin_words++;
        finish_text(sc, t, text_start);
    } else if (latin == 0 && apostrophes == 0) {
        /* The common case, a Cyrillic word: its text is the folded text itself, not copied. */
        t->text = t->raw = sc->s + start;
        t->len = t->raw_len = (uint16_t)(end - start);
        t->letters = (uint8_t)(other > 255 ? 255 : other);
    } else {
        size_t text_start = sc->used;

        /* Mixed scripts ("Лeнина" with a Latin e): fold the Latin letters in. */
        for (size_t i = start; i < end;) {
            char c = sc->s[i];

            if (c >= 'a' && c <= 'z') {
                put_latin_letter(sc, c, 0);
                i++;
            } else if (c == '\'') {
                /* "под'езд": an apostrophe inside a Cyrillic word stands for ъ. */
                memcpy(sc->arena + sc->used, "\xd1\x8a", 2);
                sc->used += 2;
                i++;
            } else {
                sc->arena[sc->used++] = c;
                i++;
            }
        }
        finish_text(sc, t, text_start);
    }
}

/* Length in bytes and letters of the letter run at i. */
static size_t letter_run(const scanner *sc, size_t i, size_t *letters)
{
    size_t end = i, n;

    *letters = 0;
    while (end < sc->len && is_letter_class(classify(sc->s, sc->len, end, &n))) {
        end += n;
        (*letters)++;
    }
    return end - i;
}

/*
 * The end of the plain number at s[i] ("5", "1905") when nothing after it can
 * continue the token: the text ends, or a ',' ';' '.' follows, or one space
 * not before another or a '/' ("5 / 2" is a corner house).  0 otherwise.
 */
static size_t plain_number_end(const char *s, size_t i, size_t len)
{
    size_t end = 0;

    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i >= len || s[i] == ',' || s[i] == ';' || s[i] == '.' ||
        (s[i] == ' ' && s[i + 1] != ' ' && s[i + 1] != '/'))
        end = i;
    return end;
}

static void scan_number(scanner *sc)
{
    size_t i = sc->pos, text_start = sc->used;
    dc_token *t = new_token(sc, DC_TOK_NUM);
    int after_hyphen = 0, all_digits = 1;
    size_t plain_end = t != NULL ? plain_number_end(sc->s, i, sc->len) : 0;

    /* The common case: a plain number's text is the folded text itself, not copied. */
    if (plain_end > 0) {
        t->text = t->raw = sc->s + i;
        t->len = t->raw_len = (uint16_t)(plain_end - i);
        t->all_digits = 1;
        sc->pos = plain_end;
        return;
    }
    while (i < sc->len) {
        char c = sc->s[i];

        if (digit_at(sc, i)) {
            if (t)
                sc->arena[sc->used++] = c;
            i++;
            after_hyphen = 0;
        } else if (letter_at(sc, i)) {
            size_t letters, bytes = letter_run(sc, i, &letters);

            if (!after_hyphen && letters > MAX_LETTERS_IN_NUMBER)
                break;
            all_digits = 0;
            for (size_t k = i; t && k < i + bytes;) {
                size_t run = k;

                while (run < i + bytes && sc->s[run] >= 'a' && sc->s[run] <= 'z')
                    run++;
                if (run > k) {
                    put_latin_in_number(sc, k, run);
                    k = run;
                } else {
                    sc->arena[sc->used++] = sc->s[k++];
                }
            }
            i += bytes;
            after_hyphen = 0;
        } else if (c == '-' && alnum_at(sc, i + 1)) {
            if (t)
                sc->arena[sc->used++] = c;
            i++;
            after_hyphen = 1;
            all_digits = 0;
        } else {
            /* A corner house: "5/2", also written "5 / 2". */
            size_t j = i;

            while (j < sc->len && sc->s[j] == ' ')
                j++;
            if (j < sc->len && sc->s[j] == '/') {
                j++;
                while (j < sc->len && sc->s[j] == ' ')
                    j++;
                if (digit_at(sc, j)) {
                    if (t)
                        sc->arena[sc->used++] = '/';
                    i = j;
                    all_digits = 0;
                    continue;
                }
            }
            break;
        }
    }
    sc->pos = i;
    if (t != NULL && all_digits) {
        t->all_digits = 1;
        finish_counted(sc, t, text_start, 0);
    } else if (t != NULL) {
        finish_text(sc, t, text_start);
    }
}

static void skip_brackets(scanner *sc)
{
    int depth = 0;

    /* Parenthesised tails ("(дубль 1)", "(бывш. Мира)") never hold a part we use. */
    while (sc->pos < sc->len) {
        char c = sc->s[sc->pos++];

        if (c == '(' || c == '[' || c == '{')
            depth++;
        else if ((c == ')' || c == ']' || c == '}') && --depth == 0)
            break;
    }
    sc->pending |= DC_TF_SPACE;
}

/* Joins "р.п." and "п.г.т." starting at token i into one token when the joined form is a keyword. */
static void join_dotted(scanner *sc, int i)
{
    dc_token_list *l = sc->out;
    int best = -1;
    char key[32];
    size_t klen = 0;

    for (int j = i; j < l->count && j < i + 4; j++) {
        const dc_token *t = &l->tok[j];
        const dc_keyword *kw;

        if (!dc_token_is_letter(t) || klen + t->len >= sizeof key)
            break;
        if (j > i && (t->flags & (DC_TF_SPACE | DC_TF_SEG)))
            break;
        if (j > i && !(l->tok[j - 1].flags & DC_TF_DOT))
            break;
        memcpy(key + klen, t->text, t->len);
        klen += t->len;
        kw = j > i ? dc_dict_keyword(sc->d, key, klen) : NULL;
        if (kw != NULL && dc_keyword_is_structural(kw))
            best = j;
    }
    if (best > i) {
        dc_token *t = &l->tok[i];
        size_t start = sc->used;
        int removed = best - i;

        for (int j = i; j <= best; j++) {
            memcpy(sc->arena + sc->used, l->tok[j].text, l->tok[j].len);
            sc->used += l->tok[j].len;
        }
        t->raw = NULL;
        t->flags = (uint8_t)((t->flags & ~DC_TF_DOT) | (l->tok[best].flags & DC_TF_DOT));
        finish_text(sc, t, start);
        memmove(&l->tok[i + 1], &l->tok[best + 1], (size_t)(l->count - best - 1) * sizeof *t);
        l->count -= removed;
    }
}

/*
 * The last pass over the tokens: dotted abbreviations joined, then each
 * word's dictionary entry, once for all the parser's questions about it
 * (keyword, city, region, first or second word of a phrase).  Latin words
 * are asked about by their raw spelling too, so they keep the slower lookups.
 */
static void finish_tokens(scanner *sc)
{
    dc_token_list *l = sc->out;

    for (int i = 0; i < l->count; i++) {
        dc_token *t = &l->tok[i];

        if (dc_token_is_letter(t) && (t->flags & DC_TF_DOT))
            join_dotted(sc, i); /* only tokens after i go */
        if (t->kind == DC_TOK_WORD && !(t->flags & DC_TF_LATIN)) {
            t->word = dc_dict_word(sc->d, t->text, t->len);
            t->word_known = 1;
        }
    }
}

/* One pass over the folded text. */
static void scan(scanner *sc)
{
    const char *folded = sc->s;
    size_t len = sc->len;
    dc_token_list *out = sc->out;

    while (sc->pos < len && out->count < DC_MAX_TOKENS) {
        size_t n;
        enum char_class k;
        char c = folded[sc->pos];

        if (c == ' ') {
            /* Spaces between words, the commonest byte: nothing else to do. */
            sc->pending |= DC_TF_SPACE;
            sc->pos++;
            continue;
        }
        k = classify(folded, len, sc->pos, &n);
        if (is_letter_class(k)) {
            scan_word(sc);
        } else if (k == C_DIGIT) {
            scan_number(sc);
        } else if (c == ',' || c == ';') {
            sc->seg++;
            sc->pending |= DC_TF_SEG | DC_TF_SPACE;
            sc->pos++;
        } else if (c == '.') {
            if (out->count > 0)
                out->tok[out->count - 1].flags |= DC_TF_DOT;
            sc->pos++;
        } else if (c == '(' || c == '[' || c == '{') {
            skip_brackets(sc);
        } else {
            /* Quotes, symbols, stray brackets: a gap between tokens. */
            sc->pending |= DC_TF_SPACE;
            sc->pos += n;
        }
    }
}

static void scan_init(scanner *sc, const dc_dicts *d, const char *folded, size_t len, char *arena,
                      dc_token_list *out, int latin_mode)
{
    memset(sc, 0, sizeof *sc);
    sc->d = d;
    sc->s = folded;
    sc->len = len;
    sc->arena = arena;
    sc->out = out;
    sc->pending = DC_TF_SEG | DC_TF_SPACE;
    sc->latin_mode = (uint8_t)latin_mode;
    out->count = 0;
    out->latin_words = 0;
}

void dc_tokenize(const dc_dicts *d, const char *folded, size_t len, char *arena, dc_token_list *out)
{
    scanner sc;

    scan_init(&sc, d, folded, len, arena, out, 0);
    scan(&sc);
    /*
     * A transliterated address (Latin words, DOMCOV_ADDR_TRANSLITERATED):
     * scan again, transliterating the Latin letters the first pass took for
     * look-alikes.  The tokens are the same; only their texts change.
     */
    if (out->latin_words > 0 && sc.lookalike_used) {
        scan_init(&sc, d, folded, len, arena, out, 1);
        scan(&sc);
    }
    finish_tokens(&sc);
}
