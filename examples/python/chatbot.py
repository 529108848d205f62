#!/usr/bin/env python3
"""A chat-bot handler: "можно ли подключить интернет по адресу …" → an answer in Russian.

    $ examples/python/chatbot.py "Можно ли подключить интернет по адресу Пермь, Ленина 50?"
    $ examples/python/chatbot.py            # one question a line from stdin

answer(text) finds the address in the question, checks it with libdomcov and
says which services can be connected (with their technology); when only a
planned zone covers the house, that it is planned; when nothing covers it,
how far the nearest coverage is; when the address is ambiguous, the
candidates to choose from.  Whenever the city is known (even when the house
is not, or has no point) the answer ends with the city's number for new
connections.

The store is --store PATH, else $DOMCOV_STORE, else the checkout's sample
store (build/data/sample.sqlite), else the installed one.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import List, Optional

try:
    import domcov
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bindings" / "python"))
    import domcov

LABELS = {"internet": "интернет", "tv": "ТВ"}

# "… по адресу X", "адрес: X", "на X" is too loose to be useful, so only these.
_ADDRESS = re.compile(r"(?:\bпо\s+адресу|\bадрес)\s*[:\-—–]?\s*(?P<address>.+)$",
                      re.IGNORECASE | re.DOTALL)
_TV = re.compile(r"\b(?:тв|телевидени\w*|телевизор\w*|tv)\b", re.IGNORECASE)
_INTERNET = re.compile(r"\b(?:интернет\w*|инет\w*|internet|wi-?fi)\b", re.IGNORECASE)
_TRIM = " \t\r\n?!.,;:«»\"'“”„"


def extract_address(text: str) -> Optional[str]:
    """The address part of a question; the whole text when it has no lead-in
    but looks like an address (has a digit); None when there is none."""
    m = _ADDRESS.search(text)
    address = m.group("address") if m else (text if re.search(r"\d", text) else "")
    address = address.strip(_TRIM)
    return address or None


def asked_services(text: str) -> List[str]:
    """The services the question is about: internet, TV, or both when it names neither."""
    asked = []
    if _INTERNET.search(text):
        asked.append("internet")
    if _TV.search(text):
        asked.append("tv")
    return asked or ["internet", "tv"]


def format_distance(metres: float) -> str:
    """430 м, 1,2 км (a Russian decimal comma)."""
    if metres < 1000:
        return f"{round(metres)} м"
    return f"{metres / 1000:.1f} км".replace(".", ",")


def _join(items: List[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " и " + items[-1]


def sales_phone(r: domcov.AddressResult) -> Optional[str]:
    """The number for new connections in the address's city: the city the
    address names or its street belongs to, else the city of the house's point."""
    if r.city is not None and r.city.sales_phone:
        return r.city.sales_phone
    if r.coverage is not None and r.coverage.city.match != "none":
        return r.coverage.city.sales_phone
    return None


def _call(phone: Optional[str]) -> str:
    return f" Телефон для подключения: {phone}." if phone else ""


def _coverage_answer(address: str, coverage: domcov.PointResult, asked: List[str],
                     phone: Optional[str]) -> str:
    services = coverage.services
    call = _call(phone)
    available = [f"{LABELS[name]} ({s.technology})" for name, s in services.items() if s.available]
    if any(services[name].available for name in asked):
        return f"Да, по адресу {address} можно подключить {_join(available)}.{call}"
    what = _join([LABELS[name] for name in asked])
    planned = [services[name] for name in asked if services[name].status == "planned"]
    if planned:
        techs = _join(sorted({s.technology or "" for s in planned}))
        text = (f"По адресу {address} {what} пока не подключить, но подключение "
                f"планируется ({techs}).")
    else:
        text = f"К сожалению, по адресу {address} {what} пока не подключить."
        distances = [d for d in (services[name].distance_m for name in asked) if d is not None]
        if distances:
            text += f" Ближайшая зона покрытия — в {format_distance(min(distances))} от дома."
    if available:
        text += f" Зато можно подключить {_join(available)}."
    return text + call


def answer(text: str, db: Optional[domcov.Database] = None) -> str:
    """The bot's reply to one message."""
    address = extract_address(text)
    if address is None:
        return ("Напишите адрес, и я проверю, можно ли к нему подключиться. Например: "
                "«Можно ли подключить интернет по адресу Пермь, Ленина 50?»")
    db = db or default_db()
    try:
        r = db.check(address)
    except (domcov.InvalidArgument, domcov.TooLarge):
        return "Не получилось прочитать адрес. Напишите, пожалуйста, город, улицу и номер дома."
    phone = sales_phone(r)
    if r.status == "ambiguous" or (r.status == "not_found" and r.match_level == "street"
                                   and r.candidates):
        if all(c.house_id is None for c in r.candidates):  # the street is known, the house is not
            streets = " или ".join(c.address or "" for c in r.candidates[:3])
            return (f"Нашли улицу ({streets}), но не дом. Уточните, пожалуйста, номер дома."
                    + _call(phone))
        options = "; ".join(f"{i}) {c.address}" for i, c in enumerate(r.candidates[:5], 1))
        return f"Уточните адрес: {options}?" + _call(phone)
    if r.status == "not_found":
        return (f"К сожалению, не удалось найти адрес «{address}». Проверьте, пожалуйста, "
                "город, улицу и номер дома." + _call(phone))
    shown = r.address or address
    if r.coverage is None:
        return (f"Адрес {shown} есть в нашем реестре, но без координат, поэтому проверить "
                "подключение автоматически не получилось. Оставьте, пожалуйста, телефон — "
                "мы проверим вручную." + _call(phone))
    return _coverage_answer(shown, r.coverage, asked_services(text), phone)


_default_db: Optional[domcov.Database] = None


def default_store() -> str:
    if os.environ.get("DOMCOV_STORE"):
        return os.environ["DOMCOV_STORE"]
    candidates = [Path(__file__).resolve().parents[2] / "build" / "data" / "sample.sqlite",
                  Path("/usr/local/share/domcov/sample.sqlite"),
                  Path("/usr/share/domcov/sample.sqlite")]
    for path in candidates:
        if path.exists():
            return str(path)
    return str(candidates[0])


def default_db() -> domcov.Database:
    global _default_db
    if _default_db is None:
        _default_db = domcov.open(default_store())
    return _default_db


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="Answers 'можно ли подключить интернет по адресу …'.")
    ap.add_argument("question", nargs="*", help="the question (default: one a line from stdin)")
    ap.add_argument("--store", help="the coverage store (default: $DOMCOV_STORE or the sample)")
    args = ap.parse_args(argv)
    try:
        db = domcov.open(args.store or default_store())
    except domcov.Error as e:
        print(f"chatbot: {e}", file=sys.stderr)
        return 3
    with db:
        if args.question:
            print(answer(" ".join(args.question), db))
        else:
            for line in sys.stdin:
                if line.strip():
                    print(answer(line, db), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
