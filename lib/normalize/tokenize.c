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

/*
 * What a byte of the folded text starts, for the scan's dispatch: one load
 * instead of a chain of comparisons, on every byte between tokens.  The
 * kinds from B_JOIN on may continue a word: '-', '/' and '\'' join letters
 * ("пр-кт", "ж/д"; between tokens they are gaps), B_UTF8 is any other lead
 * byte, a letter or not.  B_END is the NUL after the text (dc_fold_text
 * writes no NUL before it).
 */
enum byte_kind { B_END, B_GAP, B_SPACE, B_SEG, B_DOT, B_OPEN, B_DIGIT, B_JOIN, B_LATIN, B_CYR, B_UTF8 };

#define E B_END
#define G B_GAP
#define W B_SPACE
#define S B_SEG
#define D B_DOT
#define O B_OPEN
#define N B_DIGIT
#define J B_JOIN
#define L B_LATIN
#define C B_CYR
#define U B_UTF8
#define ROW(k) k, k, k, k, k, k, k, k, k, k, k, k, k, k, k, k
static const uint8_t byte_kind[256] = {
    /* 0x00 */ E, G, G, G, G, G, G, G, G, G, G, G, G, G, G, G,
    /* 0x10 */ ROW(G),
    /* 0x20 */ W, G, G, G, G, G, G, J, O, G, G, G, S, J, D, J,
    /* 0x30 */ N, N, N, N, N, N, N, N, N, N, G, S, G, G, G, G,
    /* 0x40 */ ROW(G), /* capitals: folded away */
    /* 0x50 */ G, G, G, G, G, G, G, G, G, G, G, O, G, G, G, G,
    /* 0x60 */ G, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    /* 0x70 */ L, L, L, L, L, L, L, L, L, L, L, O, G, G, G, G,
    /* 0x80..0xCF */ ROW(U), ROW(U), ROW(U), ROW(U), ROW(U),
    /* 0xD0 */ C, C, C, C, U, U, U, U, U, U, U, U, U, U, U, U,
    /* 0xE0 */ ROW(U), ROW(U),
};
#undef E
#undef G
#undef W
#undef S
#undef D
#undef O
#undef N
#undef J
#undef L
#undef C
#undef U
#undef ROW

typedef struct scanner {
    const dc_dicts *d;
    const char *s;
    size_t len;
    char *arena;
    size_t used;
    dc_token_list *out;
    uint16_t seg;
    uint8_t latin_mode;     /* the address is transliterated: Latin house letters are transliterated */
    uint8_t lookalike_used; /* a look-alike was written where latin_mode would transliterate */
    uint8_t joinable;       /* a letter follows a dotted one ("р.п."): join_dotted has work */
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

/* Sets the token's text (its raw spelling too, unless a caller changes that). */
static void set_text(dc_token *t, const char *text, size_t len, unsigned letters)
{
    t->text = t->raw = text;
    t->len = t->raw_len = (uint16_t)len;
    t->letters = (uint8_t)(letters > 255 ? 255 : letters);
}

/*
 * Appends a token with the flags the scan gathered before it.  The scan
 * stops at DC_MAX_TOKENS, so there is room.  Every field is written once
 * here: the parser's caches start empty.
 */
static dc_token *add_token(scanner *sc, uint8_t kind, uint8_t flags, const char *text, size_t len,
                           unsigned letters)
{
    dc_token_list *l = sc->out;
    dc_token *t = &l->tok[l->count++];

    /* A token that follows another with nothing between them is glued ("к2").
     * The first token has SPACE and SEG, so t[-1] is read only after one. */
    if (!(flags & (DC_TF_SPACE | DC_TF_SEG)) && !(t[-1].flags & DC_TF_DOT))
        flags |= DC_TF_GLUED;
    *t = (dc_token){.kind = kind, .flags = flags, .seg = sc->seg};
    set_text(t, text, len, letters);
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

/* Ends the text written to the arena from start; returns its length. */
static size_t end_arena_text(scanner *sc, size_t start)
{
    size_t len = sc->used - start;

    sc->arena[sc->used++] = '\0';
    return len;
}

/* Appends a token whose text was written to the arena from start. */
static dc_token *add_arena_token(scanner *sc, uint8_t kind, uint8_t flags, size_t start)
{
    size_t len = end_arena_text(sc, start);

    return add_token(sc, kind, flags, sc->arena + start, len, count_letters(sc->arena + start, len));
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

/* A Latin word: its raw spelling and its transliteration go to the arena. */
static dc_token *latin_word(scanner *sc, size_t start, size_t end, int latin, uint8_t flags)
{
    size_t raw_start = sc->used, text_start;
    dc_token *t;

    memcpy(sc->arena + sc->used, sc->s + start, end - start);
    sc->used += end - start;
    sc->arena[sc->used++] = '\0';
    text_start = sc->used;
    if (latin == 1 && end - start == 1)
        put_latin_letter(sc, sc->s[start], 1);
    else
        sc->used += dc_translit_word(&sc->d->translit, sc->s + start, end - start, sc->arena + sc->used);
    t = add_arena_token(sc, DC_TOK_WORD, flags | DC_TF_LATIN, text_start);
    t->raw = sc->arena + raw_start;
    t->raw_len = (uint16_t)(end - start);
    if (latin >= 2)
        sc->out->latin_words++;
    return t;
}

/* Mixed scripts ("Лeнина" with a Latin e): the Latin letters are folded in. */
static dc_token *mixed_word(scanner *sc, size_t start, size_t end, uint8_t flags)
{
    size_t text_start = sc->used;

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
    return add_arena_token(sc, DC_TOK_WORD, flags, text_start);
}

/*
 * The token of a word that is more than a run of Cyrillic letters: Latin or
 * other letters, or a '-', '/' or '\'' inside.  s[start..*end) is the run it
 * starts with; *end is moved to the word's end.
 */
static dc_token *other_word(scanner *sc, size_t start, size_t *end_out, uint8_t flags)
{
    size_t end = *end_out, n;
    int latin = 0, other = (int)(end - start) / 2, apostrophes = 0, hyphens = 0;
    dc_token *t;

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
    *end_out = end;
    if (latin > 0 && other == 0)
        t = latin_word(sc, start, end, latin, flags);
    else if (latin == 0 && apostrophes == 0)
        t = add_token(sc, DC_TOK_WORD, flags, sc->s + start, end - start, (unsigned)other);
    else
        t = mixed_word(sc, start, end, flags);
    t->hyphen = hyphens > 0;
    return t;
}

/*
 * The word's dictionary entry, once for all the parser's questions about it
 * (keyword, city, region, first or second word of a phrase).  Latin words
 * are asked about by their raw spelling too, so they keep the slower lookups.
 */
static void look_up_word(const dc_dicts *d, dc_token *t)
{
    if (!(t->flags & DC_TF_LATIN)) {
        t->word = dc_dict_word(d, t->text, t->len);
        t->word_known = 1;
    }
}

/* 1 when word token t may continue a dotted abbreviation: "п" in "р.п.". */
static int follows_dotted_letter(const dc_token_list *l, const dc_token *t)
{
    return !(t->flags & (DC_TF_SPACE | DC_TF_SEG)) && t > l->tok && (t[-1].flags & DC_TF_DOT) &&
           dc_token_is_letter(t) && dc_token_is_letter(t - 1);
}

/* Scans the word at s[start] (a letter); returns its end. */
static size_t scan_word(scanner *sc, size_t start, uint8_t flags)
{
    size_t end = cyrillic_run_end(sc->s, start, sc->len);
    dc_token *t;

    /* The common case, a Cyrillic word: its text is the folded text itself, not copied. */
    if (byte_kind[(unsigned char)sc->s[end]] < B_JOIN)
        t = add_token(sc, DC_TOK_WORD, flags, sc->s + start, end - start, (unsigned)(end - start) / 2);
    else
        t = other_word(sc, start, &end, flags);
    look_up_word(sc->d, t);
    if (follows_dotted_letter(sc->out, t))
        sc->joinable = 1;
    return end;
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

/* Scans the number at s[start] (a digit); returns its end. */
static size_t scan_number(scanner *sc, size_t start, uint8_t flags)
{
    size_t i = start, text_start = sc->used, plain_end = plain_number_end(sc->s, start, sc->len);
    int after_hyphen = 0, all_digits = 1;
    dc_token *t;

    /* The common case: a plain number's text is the folded text itself, not copied. */
    if (plain_end > 0) {
        t = add_token(sc, DC_TOK_NUM, flags, sc->s + start, plain_end - start, 0);
        t->all_digits = 1;
        return plain_end;
    }
    while (i < sc->len) {
        char c = sc->s[i];

        if (digit_at(sc, i)) {
            sc->arena[sc->used++] = c;
            i++;
            after_hyphen = 0;
        } else if (letter_at(sc, i)) {
            size_t letters, bytes = letter_run(sc, i, &letters);

            if (!after_hyphen && letters > MAX_LETTERS_IN_NUMBER)
                break;
            all_digits = 0;
            for (size_t k = i; k < i + bytes;) {
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
                    sc->arena[sc->used++] = '/';
                    i = j;
                    all_digits = 0;
                    continue;
                }
            }
            break;
        }
    }
    t = add_arena_token(sc, DC_TOK_NUM, flags, text_start);
    t->all_digits = (uint8_t)all_digits; /* then it has no letters, and no '-' or '/' */
    return i;
}

/* Skips the bracketed text at s[pos]; returns its end. */
static size_t skip_brackets(const char *s, size_t pos, size_t len)
{
    int depth = 0;

    /* Parenthesised tails ("(дубль 1)", "(бывш. Мира)") never hold a part we use. */
    while (pos < len) {
        char c = s[pos++];

        if (c == '(' || c == '[' || c == '{')
            depth++;
        else if ((c == ')' || c == ']' || c == '}') && --depth == 0)
            break;
    }
    return pos;
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
        size_t start = sc->used, len;
        int removed = best - i;

        for (int j = i; j <= best; j++) {
            memcpy(sc->arena + sc->used, l->tok[j].text, l->tok[j].len);
            sc->used += l->tok[j].len;
        }
        t->flags = (uint8_t)((t->flags & ~DC_TF_DOT) | (l->tok[best].flags & DC_TF_DOT));
        len = end_arena_text(sc, start);
        set_text(t, sc->arena + start, len, count_letters(sc->arena + start, len));
        look_up_word(sc->d, t);
        memmove(&l->tok[i + 1], &l->tok[best + 1], (size_t)(l->count - best - 1) * sizeof *t);
        l->count -= removed;
    }
}

/* The scan found a letter after a dotted one: joins the dotted abbreviations. */
static void join_all_dotted(scanner *sc)
{
    dc_token_list *l = sc->out;

    for (int i = 0; i < l->count; i++) {
        const dc_token *t = &l->tok[i];

        if (dc_token_is_letter(t) && (t->flags & DC_TF_DOT))
            join_dotted(sc, i); /* only tokens after i go */
    }
}

/* 1 when the character at s[pos], with a B_UTF8 lead, is a letter; *n is its length. */
static int utf8_letter_at(const char *s, size_t pos, size_t *n)
{
    return is_letter_class(classify_other(s, pos, n));
}

/* One pass over the folded text. */
static void scan(scanner *sc)
{
    const char *s = sc->s;
    dc_token_list *out = sc->out;
    size_t pos = 0, n;
    uint8_t pending = DC_TF_SEG | DC_TF_SPACE; /* flags for the next token */

    for (;;) {
        switch (byte_kind[(unsigned char)s[pos]]) {
        case B_END:
            return;
        case B_SEG:
            sc->seg++;
            pending |= DC_TF_SEG | DC_TF_SPACE;
            pos++;
            break;
        case B_DOT:
            if (out->count > 0)
                out->tok[out->count - 1].flags |= DC_TF_DOT;
            pos++;
            break;
        case B_OPEN:
            pos = skip_brackets(s, pos, sc->len);
            pending |= DC_TF_SPACE;
            break;
        case B_UTF8:
            /* A symbol is a gap; a letter goes on as the start of a word. */
            if (!utf8_letter_at(s, pos, &n)) {
                pending |= DC_TF_SPACE;
                pos += n;
                break;
            }
            /* fall through */
        case B_LATIN:
        case B_CYR:
        case B_DIGIT:
            pos = byte_kind[(unsigned char)s[pos]] == B_DIGIT ? scan_number(sc, pos, pending)
                                                             : scan_word(sc, pos, pending);
            pending = 0;
            if (out->count == DC_MAX_TOKENS)
                return; /* the rest of a longer text is ignored */
            break;
        default:
            /* Spaces, quotes, symbols, stray brackets: a gap between tokens. */
            pending |= DC_TF_SPACE;
            pos++;
            break;
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
    if (sc.joinable)
        join_all_dotted(&sc);
}
