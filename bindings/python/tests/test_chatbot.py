"""examples/python/chatbot.py: fixed questions on the sample store → expected phrases."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import domcov

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "python" / "chatbot.py"


@pytest.fixture(scope="module")
def bot():
    spec = importlib.util.spec_from_file_location("chatbot_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("question,phrases", [
    ("Можно ли подключить интернет по адресу Пермь, Ленина 50?",
     ["Да, по адресу г. Пермь, ул. Ленина, д. 50 можно подключить интернет (FTTB)",
      "8-800-700-67-90"]),
    ("Можно ли подключить интернет по адресу Казань, Баумана 1",
     ["интернет (FTTB) и ТВ (DOCSIS)", "Телефон для подключения: 8-800-700-67-90"]),
    ("можно ли подключить интернет по адресу Пермь, ул. Гашкова 7",
     ["г. Пермь, ул. Гашкова, д. 7", "планируется", "GPON"]),
    ("Можно ли подключить интернет по адресу: Екатеринбург, ул. Малышева, 16?",
     ["К сожалению", "пока не подключить", "428 м", "8-800-700-67-90"]),
    ("можно ли подключить тв по адресу Пермь, Ленина 50",
     ["ТВ пока не подключить", "238 м", "Зато можно подключить интернет (FTTB)"]),
    ("Можно ли подключить интернет по адресу Ленина 5?",
     ["Уточните адрес", "г. Екатеринбург, пр-кт Ленина, д. 5", "г. Омск, ул. Ленина, д. 5"]),
    ("Можно ли подключить интернет по адресу Москва, Тверская 1?",
     ["не удалось найти адрес «Москва, Тверская 1»"]),
    ("Привет! Что вы умеете?", ["Напишите адрес"]),
    # The city is known though the house is not: the answer still gives its phone.
    ("Можно ли подключить интернет по адресу Пермь, Монастырская 45?",
     ["Уточните адрес: 1) г. Пермь, ул. Монастырская, д. 45 корп. 1; "
      "2) г. Пермь, ул. Монастырская, д. 45 корп. 2?", "Телефон для подключения: 8-800-700-67-90"]),
    ("можно ли подключить интернет по адресу Пермь, ул. Ленина",
     ["Нашли улицу (г. Пермь, ул. Ленина), но не дом", "Телефон для подключения: 8-800-700-67-90"]),
    ("можно ли подключить интернет по адресу Пермь, ул. Несуществующая, 1",
     ["не удалось найти адрес", "Телефон для подключения: 8-800-700-67-90"]),
])
def test_answers(bot, sample, question, phrases):
    reply = bot.answer(question, sample)
    for phrase in phrases:
        assert phrase in reply, reply


@pytest.mark.parametrize("question", [
    "Можно ли подключить интернет по адресу Ленина 5?",       # several cities
    "Можно ли подключить интернет по адресу Москва, Тверская 1?",  # no city
])
def test_no_phone_without_a_city(bot, sample, question):
    assert "8-800" not in bot.answer(question, sample)


def test_regional_phones(bot, unit_copy, tmp_path):
    """Плановск has its own numbers: a house there without a point, and a
    street there, are answered with them."""
    csv = tmp_path / "houses.csv"
    csv.write_text("house_id,address,lat,lon\n"
                   'p-1,"Плановск, ул. Садовая, 1",,\n', encoding="utf-8")
    domcov.import_houses(unit_copy, csv)
    with domcov.open(unit_copy) as db:
        no_point = bot.answer("по адресу Плановск, Садовая 1", db)
        assert "без координат" in no_point and "Телефон для подключения: 8-800-222-2222" in no_point
        street = bot.answer("по адресу Плановск, Садовая 5", db)
        assert "8-800-222-2222" in street and "8-800-700-67-90" not in street
        assert "8-800-700-67-90" in bot.answer("по адресу Тестоград, ул. 8 Марта, 10", db)


def test_helpers(bot):
    assert bot.extract_address("можно ли подключить интернет по адресу «Пермь, Ленина 50»?") == \
        "Пермь, Ленина 50"
    assert bot.extract_address("Адрес: Омск, Ленина 2") == "Омск, Ленина 2"
    assert bot.extract_address("Пермь, Ленина 50") == "Пермь, Ленина 50"
    assert bot.extract_address("как дела") is None
    assert bot.asked_services("а телевидение?") == ["tv"]
    assert bot.asked_services("подключить по адресу") == ["internet", "tv"]
    assert bot.format_distance(428.35) == "428 м"
    assert bot.format_distance(3171.47) == "3,2 км"


def test_command_line(sample_path):
    env = dict(os.environ, DOMCOV_STORE=str(sample_path))
    out = subprocess.run([sys.executable, str(EXAMPLE),
                          "Можно ли подключить интернет по адресу Омск, Ленина 2?"],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Да, по адресу г. Омск, ул. Ленина, д. 2 можно подключить" in out.stdout
    piped = subprocess.run([sys.executable, str(EXAMPLE), "--store", str(sample_path)],
                           input="по адресу Пермь, Ленина 50\nпо адресу Ленина 5\n",
                           capture_output=True, text=True, timeout=60, env=os.environ)
    assert piped.returncode == 0 and len(piped.stdout.strip().splitlines()) == 2
