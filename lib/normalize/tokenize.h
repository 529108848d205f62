/*
 * Cuts folded address text into tokens: words, numbers, and the punctuation
 * facts the parser needs (a dot after a token, a comma before it, whether it
 * was glued to the previous one).  Latin words are transliterated here.
 */
#ifndef DC_NORMALIZE_TOKENIZE_H
#define DC_NORMALIZE_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

#include "normalize/dict.h"

/* More tokens than an address ever has; the rest of a longer text is ignored. */
#define DC_MAX_TOKENS 256

enum dc_token_kind {
    DC_TOK_WORD = 1, /* letters, with inner '-', '/' or apostrophe: "пр-кт", "ж/д" */
    DC_TOK_NUM = 2   /* starts with a digit: "5", "5а", "5к2с1", "5/2", "10-я", "40-летия" */
};

enum dc_token_flag {
    DC_TF_DOT = 1,     /* a '.' follows */
    DC_TF_SPACE = 2,   /* whitespace before it */
    DC_TF_GLUED = 4,   /* nothing at all between it and the previous token ("к2") */
    DC_TF_LATIN = 8,   /* a Latin word: text is its transliteration, raw the Latin */
    DC_TF_SEG = 16     /* first token after a ',' ';' or line break */
};

/* Ordinal suffix kinds (dc_token.ordinal), see ordinal.h. */
typedef struct dc_token {
    const char *text;  /* Cyrillic, len bytes (not NUL-terminated: it may be the folded text) */
    const dc_keyword *kw; /* parser cache: the structural keyword starting here (kw_known set) */
    const dc_keyword *word_kw; /* parser cache: this word alone in the keywords (kw_known set) */
    const char *raw;   /* as typed after folding (== text unless Latin) */
    const dc_word *word; /* dc_dict_word of text (word_known set) */
    uint16_t len, raw_len;
    uint16_t seg;      /* segment number: commas separate segments */
    uint8_t kind, flags;
    uint8_t letters;   /* letters in text (1 for a lone letter) */
    uint8_t ordinal;   /* set by the parser: this number is an ordinal */
    uint8_t skip;      /* set by the parser: folded into the previous token */
    uint8_t kw_known;  /* parser cache: kw and kw_words are computed */
    uint8_t kw_words;
    uint8_t word_known; /* word is set: a word token, not Latin (those are looked up by raw too) */
    uint8_t hyphen;     /* a word with a '-' inside (its name key is not its text) */
    uint8_t all_digits; /* text is digits only: a plain number (a word never is) */
} dc_token;

typedef struct dc_token_list {
    dc_token tok[DC_MAX_TOKENS];
    int count;
    int latin_words; /* Latin words of two letters or more */
} dc_token_list;

/*
 * Tokenizes `folded` (output of dc_fold_text: valid UTF-8 with a NUL at
 * folded[len]).  Token texts are written into arena, which needs
 * DC_TOKENIZE_ARENA(len) bytes.
 */
#define DC_TOKENIZE_ARENA(len) (8 * (len) + 64)
void dc_tokenize(const dc_dicts *d, const char *folded, size_t len, char *arena, dc_token_list *out);

/* 1 when the token is one letter (Cyrillic, or Latin before transliteration). */
static inline int dc_token_is_letter(const dc_token *t)
{
    return t->kind == DC_TOK_WORD && t->letters == 1 && t->raw_len <= 2;
}

#endif
