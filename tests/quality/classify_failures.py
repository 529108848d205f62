#!/usr/bin/env python3
"""Groups the failed queries of a quality report into the failure classes of
docs/quality.md, with counts and one example each.

Usage: quality_report --failures F.tsv ...;  classify_failures.py F.tsv [more.tsv]

The classes are heuristics over the query, the register string and what the
normalizer read; "other" is what none of them explains (look there first when
a number moves).
"""
import collections
import csv
import re
import sys

CLASSES = [
    # (name, owner, test(row) -> bool); the first that matches wins.
    ("register 'д. г. Екатеринбург' parsed as a village 'г екатеринбург'", "normalizer",
     lambda r: re.search(r"\bд\. г\. ", r["register"])),
    ("street named 'N Линия' / 'N Км' / 'N Разъезд' dropped", "normalizer",
     lambda r: re.search(r"(ул|пер)\. \d+(-я)? (Линия|км|Км|Разъезд)\b", r["register"])),
    ("initials ('ул. Г.С.Киселева', 'Г С Киселева') read as types or lost", "normalizer",
     lambda r: re.search(r"\b[А-ЯЁ]\.[А-ЯЁ]\.?[А-ЯЁа-яё]", r["register"])),
    ("compact: letter korpus '36ка' read as letter 'ка'", "normalizer",
     lambda r: r["style"] == "compact" and re.search(r"\d[а-я]?к[а-я]", r["query"])),
    ("compact: letter+korpus or stroenie glued ('35бк2', '32са')", "normalizer",
     lambda r: r["style"] == "compact" and re.search(r"\d[а-я]?(к\d|с[а-я0-9])", r["query"])),
    ("latin: house letter 'b' read as look-alike 'в', not 'б'", "normalizer",
     lambda r: r["style"] == "latin" and re.search(r"(\d|korpus |stroyeniye |stroenie )b\b", r["query"])),
    ("latin: city not found (ь dropped, -iy/-y endings, ya/ia)", "matcher+normalizer",
     lambda r: r["style"] == "latin" and r["got"] == "not_found/none"),
    ("latin: street not found (ь dropped, -iy/-y endings, ts, ordinals)", "matcher+normalizer",
     lambda r: r["style"] == "latin" and r["got"] == "not_found/city"),
    ("latin: other", "normalizer", lambda r: r["style"] == "latin"),
    ("reordered: 'Name TYPE.' settlement read as the city, the city as the street", "normalizer",
     lambda r: r["style"] == "reordered" and re.search(r" (ст|нп|п|с|д|рп|снт|км|пос)\.,", r["query"])),
    ("no type: a settlement without streets read as a street ('горный щит, 3')", "matcher",
     lambda r: "city=- " in r["read"] and r["style"] in ("short",)),
    ("a type word inside the name ('ул. Иртышская Набережная', 'ул. Рабочий поселок')", "normalizer",
     lambda r: re.search(r"(ул|пер)\. [^,]*\b([Нн]абережная|[Пп]оселок|[Гг]ородок)\b", r["register"])),
    ("postfix ordinal of a numeric name ('пер. 12 Декабря 2-й')", "normalizer",
     lambda r: re.search(r"\. \d+ [А-ЯЁа-яё]+ \d+-[йяе]\b", r["register"])),
    ("kilometre names ('ст. Аппаратная 8 км')", "normalizer",
     lambda r: re.search(r"\d км\b|\bкм\. ", r["register"])),
    ("same house twice in the store (settlements merged by name, '(дубль)')", "import",
     lambda r: r["got"] == "ambiguous/house_exact"),
]


def classify(row):
    for name, owner, test in CLASSES:
        if test(row):
            return name, owner
    return "other", "?"


def main(paths):
    counts = collections.Counter()
    examples = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                name, owner = classify(row)
                key = (row["file"], name, owner, row["outcome"])
                counts[key] += 1
                examples.setdefault(key, (row["query"], row["register"], row["got"], row["read"]))
    for key, n in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1])):
        q, reg, got, read = examples[key]
        print(f"{key[0]:13} {n:5}  {key[3]:9}  [{key[2]}] {key[1]}")
        print(f"{'':21}e.g. {q}  <=  {reg}")
        print(f"{'':21}     got {got}; read {read}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    main(sys.argv[1:])
