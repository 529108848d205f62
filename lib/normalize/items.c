/* Groups tokens into name runs, numbers, letters and keywords. */
#include "normalize/items.h"

#include <string.h>

#include "normalize/name_lookup.h"
#include "normalize/ordinal.h"
#include "normalize/word_forms.h"

/* A full word ("набережная") may name the street when a type word stands by it. */
#define MIN_LETTERS_OF_TYPE_AS_NAME 4

typedef struct builder {
    const dc_dicts *d;
    dc_token *tok;
    int ntok;
    dc_item_list *out;
    int seen_number; /* a number item was pushed: later numbers no longer start names */
    /* Facts of the token being read, which its rules ask again and again (begin_token): */
    dc_item *last;   /* the last item, when in the token's segment (else NULL) */
    int letter;      /* the token is a lone letter (dc_token_is_letter) */
} builder;

static int in_seg(const builder *b, int i, int j)
{
    return j >= 0 && j < b->ntok && b->tok[j].seg == b->tok[i].seg;
}

/* Sets the facts of token i, about to be read (see builder). */
static void begin_token(builder *b, int i)
{
    b->last = NULL;
    if (b->out->count > 0 && b->out->item[b->out->count - 1].seg == b->tok[i].seg)
        b->last = &b->out->item[b->out->count - 1];
    b->letter = dc_token_is_letter(&b->tok[i]);
}

static int touches(const dc_item *it, int i)
{
    return it != NULL && it->first + it->count == i;
}

static void push(builder *b, uint8_t type, int first, int count, const dc_keyword *kw)
{
    /* Never more items than tokens, so the list cannot overflow; checked anyway. */
    if (b->out->count < DC_MAX_TOKENS) {
        dc_item it = {kw, (uint16_t)first, (uint16_t)count, b->tok[first].seg, type, DC_IS_FREE};

        b->out->item[b->out->count++] = it;
        if (type == DC_IT_NUM)
            b->seen_number = 1;
    }
}

static void add_name(builder *b, int i, int count)
{
    dc_item *last = b->last;

    if (last != NULL && last->type == DC_IT_NAME && touches(last, i))
        last->count = (uint16_t)(last->count + count);
    else
        push(b, DC_IT_NAME, i, count, NULL);
}

/* How many words a keyword phrase starting at word i may have, within its segment (1: the word alone). */
static int phrase_room(const builder *b, int i)
{
    int run = 1;

    /* Asked once per word whether some phrase starts with it. */
    if (dc_tokens_keyword_starts(b->d, &b->tok[i]))
        while (run < b->d->keyword_max_words && in_seg(b, i, i + run) && b->tok[i + run].kind == DC_TOK_WORD &&
               !b->tok[i + run].skip)
            run++;
    /* No phrase has the next word second ("г Омск"): only the word itself. */
    if (run > 1 && b->tok[i + 1].word_known &&
        (b->tok[i + 1].word == NULL || !(b->tok[i + 1].word->starts & DC_WORD_SECOND_KEYWORD)))
        run = 1;
    return run;
}

/*
 * Fills the keyword cache of token i: the longest structural keyword starting
 * there, within its segment.
 */
static void find_keyword(const builder *b, int i)
{
    dc_token *t = &b->tok[i];

    t->kw_known = 1;
    t->kw = NULL;
    t->kw_words = 0;
    if (t->kind != DC_TOK_WORD)
        t->word_kw = NULL;
    else if (t->word_known)
        t->word_kw = t->word != NULL ? t->word->keyword : NULL;
    else
        t->word_kw = dc_tokens_keyword(b->d, b->tok, i, 1);
    if (t->kind != DC_TOK_WORD || t->skip)
        return;
    for (int n = phrase_room(b, i); n >= 2 && t->kw == NULL; n--) {
        const dc_keyword *kw = dc_tokens_keyword_phrase(b->d, b->tok, i, n);

        if (dc_keyword_is_structural(kw)) {
            t->kw = kw;
            t->kw_words = (uint8_t)n;
        }
    }
    if (t->kw == NULL && dc_keyword_is_structural(t->word_kw)) {
        t->kw = t->word_kw;
        t->kw_words = 1;
    }
}

/* The keyword starting at token i (find_keyword), and its words. */
static inline const dc_keyword *keyword_at(const builder *b, int i, int *words)
{
    *words = b->tok[i].kw_words;
    return b->tok[i].kw;
}

/* A word that can only be part of a name: two letters or more, not a keyword. */
static int is_name_word(const builder *b, int i, int j)
{
    int n;

    return in_seg(b, i, j) && b->tok[j].kind == DC_TOK_WORD && b->tok[j].letters >= 2 &&
           keyword_at(b, j, &n) == NULL;
}

static int city_starts_at(const builder *b, int j)
{
    int found = 0;

    for (int n = DC_NAME_MAX_TOKENS; n >= 1 && !found; n--)
        found = in_seg(b, j, j + n - 1) && dc_tokens_city(b->d, b->tok, j, n) != NULL;
    return found;
}

/*
 * Initials before a surname: "П Г Косенкова ул.", "ул. Г С Киселева",
 * "В.А.Силина".  Two or three one-letter words before a name word are its
 * initials when none of them is a keyword, or when they are glued with dots
 * ("П.Г.Косенкова"), follow a street type word, or the name is followed by
 * one.  Never before a known city ("д. г. Екатеринбург": register noise), nor
 * right after a house number.  Returns how many letters are initials, or 0.
 */
static int initials_at(builder *b, int i)
{
    dc_item *last = b->last;
    int k = 0, typed = 0, glued = 1, words = 0, j;
    int after_street_type, postfix_type = 0;
    const dc_keyword *kw;

    /* The common case, one letter alone ("д. 5", "г. Омск"), leaves at once. */
    if (!in_seg(b, i, i + 1) || b->tok[i + 1].kind != DC_TOK_WORD || !dc_token_is_letter(&b->tok[i + 1]))
        return 0;
    while (k < 3 && in_seg(b, i, i + k) && b->tok[i + k].kind == DC_TOK_WORD && !b->tok[i + k].skip &&
           dc_token_is_letter(&b->tok[i + k])) {
        kw = keyword_at(b, i + k, &words);
        if (kw != NULL && words > 1)
            return 0; /* "р п Лесной", "п г т ...": a type of several words */
        if (kw != NULL)
            typed = 1;
        if (!(b->tok[i + k].flags & DC_TF_DOT) || (k > 0 && (b->tok[i + k].flags & DC_TF_SPACE)))
            glued = 0;
        k++;
    }
    if (k < 2 || !is_name_word(b, i, i + k))
        return 0;
    if (last != NULL && touches(last, i) && (last->type == DC_IT_NUM || last->type == DC_IT_LETTER))
        return 0;
    if (typed && city_starts_at(b, i + k))
        return 0;
    after_street_type = last != NULL && last->type == DC_IT_KW && last->kw->street_type && touches(last, i);
    for (j = i + k + 1; is_name_word(b, i, j); j++)
        ;
    if (in_seg(b, i, j) && b->tok[j].kind == DC_TOK_WORD) {
        kw = keyword_at(b, j, &words);
        postfix_type = kw != NULL && kw->street_type != NULL && !kw->house_roles;
    }
    return (!typed || glued || after_street_type || postfix_type) ? k : 0;
}

/* A number token at j or later: the house still to come ("аппаратная 8 км 1", "8 км, д. 1"). */
static int number_follows(const builder *b, int j)
{
    int found = 0;

    for (; j < b->ntok && !found; j++)
        found = b->tok[j].kind == DC_TOK_NUM;
    return found;
}

static int is_km_type(const dc_item *it)
{
    return it->type == DC_IT_KW && it->kw->kilometre;
}

/*
 * A number right after "км." or after the name a "км." introduced ("км.
 * Исток 1826"): with another number still to come (the house), the number is
 * part of the kilometre's name.
 */
static int km_name_before(builder *b, int i)
{
    dc_item *last = b->last;
    const dc_item *before = b->out->count >= 2 ? &b->out->item[b->out->count - 2] : NULL;

    if (last == NULL || !touches(last, i))
        return 0;
    if (is_km_type(last))
        return 1;
    return last->type == DC_IT_NAME && before != NULL && before->seg == last->seg && is_km_type(before) &&
           touches(before, last->first) && !b->tok[last->first].ordinal;
}

/* "подъезд 2", "3 этаж": drops the word and its number; returns the next token. */
static int drop_with_value(builder *b, int i, int words)
{
    int j = i + words;
    dc_item *last = b->last;

    if (in_seg(b, i, j) && b->tok[j].kind == DC_TOK_NUM) {
        j++;
    } else if (last != NULL && touches(last, i)) {
        int first_in_seg = (b->tok[last->first].flags & DC_TF_SEG) != 0;
        const dc_item *before = b->out->count >= 2 ? &b->out->item[b->out->count - 2] : NULL;
        int after_number = before != NULL && before->seg == last->seg &&
                           (before->type == DC_IT_NUM || before->type == DC_IT_LETTER);

        /* "5, 2 подъезд" and "5 2 подъезд" lose the 2; "Ленина 5 подъезд" keeps the house. */
        if ((last->type == DC_IT_NAME && last->count == 1 && b->tok[last->first].ordinal) ||
            (last->type == DC_IT_NUM && (first_in_seg || after_number)))
            b->out->count--;
    }
    return j;
}

/* The last item is a type word right before token i. */
static int after_type_word(const builder *b, int i)
{
    const dc_item *last = b->last;

    return last != NULL && last->type == DC_IT_KW && dc_keyword_has_type(last->kw) && touches(last, i);
}

/* "тер. СНТ Родник": after a street type word, a settlement word is part of the street name. */
static int settlement_in_street(const builder *b, int i, const dc_keyword *kw, int words)
{
    return after_type_word(b, i) && b->last->kw->street_type && dc_keyword_has_type(kw) && !kw->street_type &&
           !kw->house_roles && !kw->flat_type && is_name_word(b, i, i + words);
}

/* keyword_as_name for a one-letter keyword. */
static int letter_as_name(const builder *b, int i, const dc_keyword *kw)
{
    const dc_token *t = &b->tok[i];
    const dc_item *last = b->last;
    int after_name = last != NULL && last->type == DC_IT_NAME && touches(last, i);
    /* The name so far ends with an initial ("П." of "П.Г.Хохрякова"). */
    int after_initial = after_name && dc_token_is_letter(&b->tok[i - 1]) && (b->tok[i - 1].flags & DC_TF_DOT);
    int n = 0;

    if ((after_type_word(b, i) || after_initial) && (t->flags & DC_TF_DOT) && in_seg(b, i, i + 1) &&
        b->tok[i + 1].kind == DC_TOK_WORD && !(kw->city_type && city_starts_at(b, i + 1)))
        n = 1; /* "ул. П.Г.Хохрякова": initials; but "д. г. Екатеринбург" is noise before a city */
    else if (settlement_in_street(b, i, kw, 1))
        n = 1;
    else if (!dc_keyword_has_type(kw) && is_name_word(b, i, i + 1))
        n = 1; /* "К. Маркса": к is not korpus before a name */
    return n;
}

/* keyword_as_name for a type word written whole ("набережная", "тракт", "линия"), not abbreviated. */
static int whole_type_as_name(builder *b, int i, const dc_keyword *kw, int words)
{
    const dc_token *t = &b->tok[i];
    const dc_item *last = b->last;
    const dc_item *before_last = (last != NULL && b->out->count >= 2) ? &b->out->item[b->out->count - 2] : NULL;
    int after_name = last != NULL && last->type == DC_IT_NAME && touches(last, i);
    /* The name before this word itself follows a street type word: "ул. Сибирский |тракт|". */
    int in_typed_street = after_name && before_last != NULL && before_last->type == DC_IT_KW &&
                          before_last->seg == last->seg && before_last->kw->street_type &&
                          touches(before_last, last->first);
    int next_words = 0;
    const dc_keyword *next_kw = in_seg(b, i, i + words) ? keyword_at(b, i + words, &next_words) : NULL;
    int n = 0;

    if (after_type_word(b, i) && !is_name_word(b, i, i + words))
        n = words; /* "ул. Набережная, 5", "ул. Рабочий поселок" */
    else if (words == 1 && !kw->house_roles && in_typed_street && !is_name_word(b, i, i + 1))
        n = 1; /* "ул. Сибирский тракт", "ул. 1-я линия" */
    else if (!kw->house_roles && (after_name || words > 1) && next_kw != NULL && next_kw->street_type &&
             !next_kw->house_roles && !next_kw->flat_type && !(b->tok[i + words].flags & DC_TF_SEG))
        n = words; /* "95 Военный Городок ул.", "Рабочий Поселок ул.": the street type comes last */
    else if (words == 1 && dc_ends_adjectival(t->text, t->len) && !after_name && next_kw != NULL &&
             (next_kw->street_type || next_kw->city_type) && !next_kw->house_roles &&
             !(b->tok[i + 1].flags & DC_TF_SEG))
        n = 1; /* "Набережная улица" */
    return n;
}

/*
 * How many tokens of a keyword at token i are really part of a name (0: it is
 * a keyword).  Each rule is a form seen in registers or chats; all want a lone
 * letter, a type word before or a type word written whole, so most keywords
 * ("ул.", "д.") are asked none.
 */
static int keyword_as_name(builder *b, int i, const dc_keyword *kw, int words)
{
    const dc_token *t = &b->tok[i];
    int full_word = t->letters >= MIN_LETTERS_OF_TYPE_AS_NAME && !(b->tok[i + words - 1].flags & DC_TF_DOT);
    int n = 0;

    if (words == 1 && b->letter)
        n = letter_as_name(b, i, kw);
    else if (settlement_in_street(b, i, kw, words))
        n = words;
    else if (full_word && dc_keyword_has_type(kw))
        n = whole_type_as_name(b, i, kw, words);
    return n;
}

/* A structural keyword at token i: a keyword item, or words of a name; returns tokens consumed. */
static int keyword_token(builder *b, int i, const dc_keyword *kw, int words)
{
    int as_name = keyword_as_name(b, i, kw, words);

    if (as_name > 0)
        add_name(b, i, as_name);
    else
        push(b, DC_IT_KW, i, words, kw);
    return as_name > 0 ? as_name : words;
}

static void word_token(builder *b, int i)
{
    dc_item *last = b->last;

    if (!b->letter)
        add_name(b, i, 1);
    else if (last != NULL && last->type == DC_IT_NUM && touches(last, i))
        push(b, DC_IT_LETTER, i, 1, NULL); /* "5 а" */
    else if (is_name_word(b, i, i + 1))
        add_name(b, i, 1);                 /* "Н. Островского" */
    else
        push(b, DC_IT_LETTER, i, 1, NULL);
}

/* A name of numeric_names.txt starts at the number at token i: "8 марта", "40 лет". */
static int numeric_name_at(const builder *b, int i)
{
    const dc_token *w = &b->tok[i + 1];
    /* The tokenizer's lookup of the word tells when no such name has it after the number. */
    int never = w->word_known && (w->word == NULL || !(w->word->starts & DC_WORD_AFTER_NUMBER));

    return !never && dc_dict_numeric_name(b->d, b->tok[i].text, b->tok[i].len, w->text, w->len);
}

static int number_token(builder *b, int i)
{
    dc_token *t = &b->tok[i];
    dc_item *last = b->last;
    size_t digits;
    /* A plain number is neither an ordinal nor "40-летия": not asked. */
    int ord = t->all_digits ? DC_ORD_NONE : dc_ordinal_number(t->text, t->len, &digits);
    int consumed = 1;

    if (ord != DC_ORD_NONE) {
        t->ordinal = (uint8_t)ord;
        add_name(b, i, 1);
    } else if (!t->all_digits && dc_number_is_name_part(t->text, t->len)) {
        add_name(b, i, 1); /* "40-летия" */
    } else if (t->all_digits) {
        int after_house_word = last != NULL && last->type == DC_IT_KW && last->kw->house_roles;
        int next_word = in_seg(b, i, i + 1) && b->tok[i + 1].kind == DC_TOK_WORD;
        int word_after_next = in_seg(b, i, i + 2) && b->tok[i + 2].kind == DC_TOK_WORD;
        int suffix = next_word ? dc_ordinal_suffix(b->tok[i + 1].text, b->tok[i + 1].len, word_after_next) : 0;
        /* After a type word ("ул. 8 Марта"), but not after "д." (that number is the house). */
        int name_start = last == NULL ||
                         (last->type == DC_IT_KW && dc_keyword_has_type(last->kw) &&
                          !(last->kw->house_roles & DC_KW_HOUSE) && !b->seen_number && touches(last, i));
        int kw_words = 0;
        const dc_keyword *next_kw = next_word ? keyword_at(b, i + 1, &kw_words) : NULL;
        /* "ул. 11 Линия", "ст. 25 км": a type word right after the number, closing the name. */
        int is_km = next_kw != NULL && next_kw->kilometre &&
                    !is_name_word(b, i, i + 1 + kw_words);
        int type_word_in_name = next_kw != NULL && dc_keyword_has_type(next_kw) && !next_kw->house_roles &&
                                !next_kw->flat_type && !is_name_word(b, i, i + 1 + kw_words) &&
                                (b->tok[i + 1].letters >= MIN_LETTERS_OF_TYPE_AS_NAME || is_km);

        if (suffix != DC_ORD_NONE && !after_house_word) {
            t->ordinal = (uint8_t)suffix; /* "1 я Красноармейская" */
            b->tok[i + 1].skip = 1;
            add_name(b, i, 2);
            consumed = 2;
        } else if ((t->len != 6 && name_start && is_name_word(b, i, i + 1) && !city_starts_at(b, i + 1)) ||
                   (next_word && !after_house_word && t->len != 6 && numeric_name_at(b, i))) {
            /* "ул. 8 Марта", "40 лет Победы"; anywhere, a name of numeric_names.txt: "екб 8 марта 78 б" */
            add_name(b, i, 1);
        } else if (t->len != 6 && type_word_in_name &&
                   (name_start || (last->type == DC_IT_NAME && touches(last, i) &&
                                   dc_tokens_city(b->d, b->tok, last->first, last->count) != NULL))) {
            /* "ул. 11 Линия", "омск 11 линия 5": after a type word, or after the city */
            add_name(b, i, 1 + kw_words);
            consumed = 1 + kw_words;
        } else if (t->len != 6 && km_name_before(b, i) && number_follows(b, i + 1)) {
            add_name(b, i, 1); /* "км. 1638 1", "km Istok 1826, 1": the number names the kilometre */
        } else if (t->len != 6 && is_km && !(b->tok[i + kw_words].flags & DC_TF_DOT) && last != NULL &&
                   last->type == DC_IT_NAME && touches(last, i) && number_follows(b, i + 1 + kw_words)) {
            add_name(b, i, 1 + kw_words); /* "аппаратная 8 км 1": the kilometre is in the name */
            consumed = 1 + kw_words;
        } else {
            push(b, DC_IT_NUM, i, 1, NULL);
        }
    } else {
        push(b, DC_IT_NUM, i, 1, NULL);
    }
    return consumed;
}

/*
 * "Исток 1826 км., д. 1": an abbreviated type word closing its segment after a
 * name no type word introduced is that name's type, not part of it.
 */
static int postfix_type(const builder *b, int m, int name)
{
    const dc_item_list *l = b->out;
    const dc_item *it = &l->item[m];
    int typed_before = name > 0 && l->item[name - 1].type == DC_IT_KW && dc_keyword_has_type(l->item[name - 1].kw) &&
                       l->item[name - 1].seg == l->item[name].seg;

    return dc_keyword_has_type(it->kw) && (b->tok[it->first + it->count - 1].flags & DC_TF_DOT) &&
           (m + 1 >= l->count || l->item[m + 1].seg != it->seg) && !typed_before;
}

/*
 * "ст. Аппаратная 8 км, д. 1": when a house word with its number comes later,
 * numbers glued to an earlier name belong to that name.
 */
static void merge_numbers_before_house(builder *b)
{
    dc_item_list *l = b->out;
    int house = -1;

    /* The last house word with its number: searched from the end. */
    for (int k = l->count - 2; k >= 0 && house < 0; k--)
        if (l->item[k].type == DC_IT_KW && (l->item[k].kw->house_roles & DC_KW_HOUSE) &&
            l->item[k + 1].type == DC_IT_NUM && l->item[k + 1].seg == l->item[k].seg)
            house = k;
    for (int k = 1; k < house; k++) {
        dc_item *name = &l->item[k - 1];
        int m = k;

        /* "км. 1638, д. 1": a number right after a type word is that street's name. */
        if (l->item[k].type == DC_IT_NUM && name->type == DC_IT_KW && dc_keyword_has_type(name->kw) &&
            !name->kw->house_roles && !name->kw->flat_type && name->seg == l->item[k].seg &&
            l->item[k].seg != l->item[house].seg && touches(name, l->item[k].first) &&
            b->tok[l->item[k].first].len != 6) {
            l->item[k].type = DC_IT_NAME;
            continue;
        }

        if (l->item[k].type != DC_IT_NUM || name->type != DC_IT_NAME || name->seg != l->item[k].seg ||
            l->item[k].seg == l->item[house].seg || !touches(name, l->item[k].first) ||
            b->tok[l->item[k].first].len == 6)
            continue;
        while (m < house && l->item[m].seg == name->seg && touches(name, l->item[m].first) &&
               (l->item[m].type != DC_IT_KW ||
                !(l->item[m].kw->house_roles || l->item[m].kw->flat_type || postfix_type(b, m, k - 1)))) {
            name->count = (uint16_t)(name->count + l->item[m].count);
            m++;
        }
        memmove(&l->item[k], &l->item[m], (size_t)(l->count - m) * sizeof l->item[0]);
        l->count -= m - k;
        house -= m - k;
    }
}

void dc_build_items(const dc_dicts *d, dc_token_list *tokens, dc_item_list *out)
{
    builder b = {d, tokens->tok, tokens->count, out, 0, NULL, 0};
    int i = 0;

    /* Every token's keyword up front: nearly every word is asked for it, some
     * several times, and the tokens the parser later skips were asked before. */
    for (int k = 0; k < b.ntok; k++)
        find_keyword(&b, k);
    out->count = 0;
    while (i < b.ntok) {
        dc_token *t = &b.tok[i];
        int words = 0;
        const dc_keyword *kw;

        if (t->skip) {
            i++;
            continue;
        }
        begin_token(&b, i);
        if (t->kind == DC_TOK_NUM) {
            i += number_token(&b, i);
            continue;
        }
        if (b.letter && (words = initials_at(&b, i)) > 0) {
            add_name(&b, i, words);
            i += words;
            continue;
        }
        kw = keyword_at(&b, i, &words);
        if (kw != NULL && (kw->drop & DC_DROP_FILLER))
            i += words;
        else if (kw != NULL && (kw->drop & DC_DROP_WITH_VALUE))
            i = drop_with_value(&b, i, words);
        else if (kw != NULL)
            i += keyword_token(&b, i, kw, words);
        else {
            word_token(&b, i);
            i++;
        }
    }
    merge_numbers_before_house(&b);
}
