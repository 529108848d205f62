/* Folds raw address text into the normalizer's working alphabet. */
#include "normalize/fold.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <utf8proc.h>

#include "normalize/utf8_codec.h"
#include "utf8.h"

/* Cyrillic и (D0 B8) and й (D0 B9) as UTF-8: a combining breve turns one into the other. */
#define CYR_IE_0 0xD0
#define CYR_I_1 0xB8
#define CYR_SHORT_I_1 0xB9

/*
 * ASCII folded, one byte to one byte: capitals lower case, control characters
 * spaces, a line break a comma.  A table: most of an address is ASCII, and
 * one load is cheaper than the comparisons.
 */
static const unsigned char ascii_fold[128] = {
    /* 0x00 */ ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ',', ' ', ' ', ' ', ' ', ' ',
    /* 0x10 */ ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
    /* 0x20 */ ' ', '!', '"', '#', '$', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
    /* 0x30 */ '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
    /* 0x40 */ '@', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    /* 0x50 */ 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '[', '\\', ']', '^', '_',
    /* 0x60 */ '`', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    /* 0x70 */ 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '{', '|', '}', '~', ' ',
};

/* Returns the folded code point, or 0 to drop the character. */
static uint32_t fold_code_point(uint32_t cp)
{
    uint32_t r = cp;

    if (cp < 0x80) {
        r = ascii_fold[cp];
    } else if (cp >= 0x0410 && cp <= 0x042F) {
        r = cp + 0x20;
    } else if (cp == 0x0401 || cp == 0x0451 || cp == 0x0400 || cp == 0x0450) {
        r = 0x0435; /* ё and е-grave are е for matching */
    } else if (cp == 0x040D || cp == 0x045D) {
        r = 0x0438;
    } else if (cp >= 0x0400 && cp <= 0x040F) {
        r = cp + 0x50;
    } else if (cp >= 0x0430 && cp <= 0x045F) {
        r = cp;
    } else if (cp <= 0x9F || cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
               cp == 0x202F || cp == 0x205F || cp == 0x3000) {
        r = ' ';
    } else if (cp == 0x0085 || cp == 0x2028 || cp == 0x2029) {
        r = ',';
    } else if (cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) || cp == 0x2060 || cp == 0xFEFF ||
               (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
        r = 0;
    } else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0x2043 || cp == 0xFE58 ||
               cp == 0xFE63 || cp == 0xFF0D) {
        r = '-';
    } else if (cp == 0x00AB || cp == 0x00BB || (cp >= 0x201C && cp <= 0x201F) || cp == 0x2039 ||
               cp == 0x203A || cp == 0x2033 || cp == 0x301D || cp == 0x301E) {
        r = '"';
    } else if ((cp >= 0x2018 && cp <= 0x201B) || cp == 0x02BC || cp == 0x00B4 || cp == 0x2032 ||
               cp == 0x02B9) {
        r = '\'';
    } else if (cp == 0x2116) {
        r = ' ';
    } else if (cp >= 0xFF01 && cp <= 0xFF5E) {
        r = fold_code_point(cp - 0xFEE0);
    } else {
        r = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
        if (r == 0x0451)
            r = 0x0435;
    }
    return r;
}

/*
 * Folds the one character at in[*i] that the fast paths of dc_fold_text leave
 * (anything but ASCII and а..я, А..Я), advancing *i and *o.  Returns 0 when
 * the text is not valid UTF-8 there.  Kept out of line: the main loop then
 * keeps its few variables in registers.
 */
static __attribute__((noinline)) int fold_other(const char *in, size_t len, size_t *i, char *out, size_t *o)
{
    uint32_t cp, f;

    if (dc_utf8_seq_len(in + *i, len - *i) == 0)
        return 0;
    *i += dc_utf8_decode(in + *i, &cp);
    if (cp >= 0x0300 && cp <= 0x036F) {
        /* A decomposed й (и + breve) must stay й; ё (е + diaeresis) is е anyway. */
        if (cp == 0x0306 && *o >= 2 && (unsigned char)out[*o - 2] == CYR_IE_0 &&
            (unsigned char)out[*o - 1] == CYR_I_1)
            out[*o - 1] = (char)CYR_SHORT_I_1;
        return 1;
    }
    f = fold_code_point(cp);
    if (f == 0)
        return 1;
    if (f >= 0xD800 && f <= 0xDFFF)
        f = ' ';
    *o += dc_utf8_encode(f, out + *o);
    return 1;
}

/* 1 when the UTF-8 pair c1 c2 is а..я (D0 B0..BF, D1 80..8F): already folded. */
static inline int lower_cyrillic_pair(unsigned c1, unsigned c2)
{
    unsigned pair = c1 << 8 | c2;

    return pair - 0xD0B0 < 0x10 || pair - 0xD180 < 0x10;
}

#ifdef __SSE2__
/* Bytes of v that equal c, as a byte mask. */
static inline __m128i bytes_eq(__m128i v, int c)
{
    return _mm_cmpeq_epi8(v, _mm_set1_epi8((char)c));
}

/* Bytes of v whose high nibble is h (0x80 or 0xB0), as a byte mask. */
static inline __m128i high_nibble_is(__m128i v, int h)
{
    return _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xF0)), _mm_set1_epi8((char)h));
}

/*
 * Folds the longest prefix of the 16 bytes at in (a character boundary;
 * in[16] readable) made of the characters that matter: printable ASCII and
 * А..Я, а..я (D0 90..BF, D1 80..8F).  Returns its length, which ends on a
 * character boundary; writes 16 bytes to out.  Nearly all of an address is
 * such characters: sixteen bytes a step instead of one character.
 */
static inline size_t fold_prefix16(const unsigned char *in, char *out)
{
    const __m128i x20 = _mm_set1_epi8(0x20);
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)in);
    __m128i next = _mm_loadu_si128((const __m128i *)(const void *)(in + 1));
    /* As signed bytes ASCII is 0..127. */
    __m128i printable = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x1F)), _mm_cmplt_epi8(v, _mm_set1_epi8(0x7F)));
    __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
    __m128i lead0 = bytes_eq(v, 0xD0);
    /* Leads by what their second byte makes: а..п and р..я stay, А..П (D0 9x)
     * gain 0x20 in the second byte, Р..Я (D0 Ax) become D1 8x. */
    __m128i lower = _mm_or_si128(_mm_and_si128(lead0, high_nibble_is(next, 0xB0)),
                                 _mm_and_si128(bytes_eq(v, 0xD1), high_nibble_is(next, 0x80)));
    __m128i cap_lo = _mm_and_si128(lead0, high_nibble_is(next, 0x90));
    __m128i cap_hi = _mm_and_si128(lead0, high_nibble_is(next, 0xA0));
    __m128i lead_ok = _mm_or_si128(lower, _mm_or_si128(cap_lo, cap_hi));
    /* The second bytes of those pairs (byte 0 is never one: in is a boundary). */
    __m128i second_ok = _mm_slli_si128(lead_ok, 1);
    __m128i delta = _mm_or_si128(_mm_and_si128(_mm_or_si128(upper, _mm_slli_si128(cap_lo, 1)), x20),
                                 _mm_or_si128(_mm_and_si128(cap_hi, _mm_set1_epi8(1)),
                                              _mm_and_si128(_mm_slli_si128(cap_hi, 1), _mm_set1_epi8((char)0xE0))));
    unsigned ok = (unsigned)_mm_movemask_epi8(_mm_or_si128(printable, _mm_or_si128(lead_ok, second_ok)));
    unsigned bad_bytes = ~ok & 0xFFFF;
    size_t n;

    _mm_storeu_si128((__m128i *)(void *)out, _mm_add_epi8(v, delta)); /* 0xE0: minus 0x20 */
    if (bad_bytes != 0)
        n = (size_t)__builtin_ctz(bad_bytes); /* a bad byte is never the second of a good pair */
    else
        n = 16 - (size_t)(((unsigned)_mm_movemask_epi8(lead_ok) >> 15) & 1); /* not half a pair */
    return n;
}

/*
 * Copies the rest < 16 bytes at in to block with fixed-size moves, the last
 * overlapping the first (a variable-length memcpy is a call).
 */
static inline void copy_tail(unsigned char *block, const unsigned char *in, size_t rest)
{
    if (rest >= 8) {
        memcpy(block, in, 8);
        memcpy(block + rest - 8, in + rest - 8, 8);
    } else if (rest >= 4) {
        memcpy(block, in, 4);
        memcpy(block + rest - 4, in + rest - 4, 4);
    } else if (rest > 0) {
        block[0] = in[0];
        block[rest / 2] = in[rest / 2];
        block[rest - 1] = in[rest - 1];
    }
}

/*
 * fold_prefix16 for the `rest` bytes left at in (in[rest] is the NUL).  Fewer
 * than sixteen are copied into a NUL-padded block first, so the same check
 * runs without reading past the text (the NULs stop it); out then has room
 * for sixteen bytes too (DC_FOLD_CAPACITY).
 */
static inline size_t fold_prefix16_at(const unsigned char *in, size_t rest, char *out)
{
    size_t n;

    if (rest >= 16) {
        n = fold_prefix16(in, out);
    } else {
        unsigned char block[32] = {0};

        copy_tail(block, in, rest);
        n = fold_prefix16(block, out);
    }
    return n;
}
#endif

size_t dc_fold_text(const char *text, size_t len, char *out, long *bad)
{
    const unsigned char *in = (const unsigned char *)text;
    size_t i = 0, o = 0;

    *bad = -1;
    while (i < len) {
        unsigned c;
        unsigned pair;

#ifdef __SSE2__
        {
            /* A character the prefix stops at is folded below, one at a time. */
            size_t n = fold_prefix16_at(in + i, len - i, out + o);

            i += n;
            o += n;
            if (n > 0)
                continue;
        }
#endif
        c = in[i];
        /* Fast paths for the two scripts nearly every address is written in. */
        if (c < 0x80) {
            out[o++] = (char)ascii_fold[c];
            i++;
            continue;
        }
        /* Validation is fused in: the second byte of а..я and А..Я is checked
         * (in[len] is the NUL, so in[i + 1] can be read). */
        pair = c << 8 | in[i + 1];
        if (lower_cyrillic_pair(c, in[i + 1])) {
            out[o] = (char)c;
            out[o + 1] = (char)in[i + 1];
            o += 2;
            i += 2;
        } else if (pair - 0xD090 < 0x20) {
            /* А..Я: U+0410..042F lower-cased by +0x20 */
            pair += pair < 0xD0A0 ? 0x20 : 0x100 - 0x20;
            out[o] = (char)(pair >> 8);
            out[o + 1] = (char)pair;
            o += 2;
            i += 2;
        } else {
            size_t ni = i, no = o; /* copies: i and o themselves stay in registers */

            if (!fold_other(text, len, &ni, out, &no)) {
                *bad = (long)i;
                break;
            }
            i = ni;
            o = no;
        }
    }
    out[o] = '\0';
    return o;
}
