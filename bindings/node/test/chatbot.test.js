'use strict';
// examples/node/chatbot.js: fixed questions on the sample store → expected phrases.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const env = require('./env');
const domcov = require('..');
const bot = require(env.chatbot);

const db = domcov.open(env.sample);
test.after(() => db.close());

const cases = [
  ['Можно ли подключить интернет по адресу Пермь, Ленина 50?',
    ['Да, по адресу г. Пермь, ул. Ленина, д. 50 можно подключить интернет (FTTB)', '8-800-700-67-90']],
  ['Можно ли подключить интернет по адресу Казань, Баумана 1',
    ['интернет (FTTB) и ТВ (DOCSIS)', 'Телефон для подключения: 8-800-700-67-90']],
  ['можно ли подключить интернет по адресу Пермь, ул. Гашкова 7',
    ['г. Пермь, ул. Гашкова, д. 7', 'планируется', 'GPON']],
  ['Можно ли подключить интернет по адресу: Екатеринбург, ул. Малышева, 16?',
    ['К сожалению', 'пока не подключить', '428 м', '8-800-700-67-90']],
  ['можно ли подключить тв по адресу Пермь, Ленина 50',
    ['ТВ пока не подключить', '238 м', 'Зато можно подключить интернет (FTTB)']],
  ['Можно ли подключить интернет по адресу Ленина 5?',
    ['Уточните адрес', 'г. Екатеринбург, пр-кт Ленина, д. 5', 'г. Омск, ул. Ленина, д. 5']],
  ['Можно ли подключить интернет по адресу Москва, Тверская 1?',
    ['не удалось найти адрес «Москва, Тверская 1»']],
  ['Привет! Что вы умеете?', ['Напишите адрес']],
  // The city is known though the house is not: the answer still gives its phone.
  ['Можно ли подключить интернет по адресу Пермь, Монастырская 45?',
    ['Уточните адрес: 1) г. Пермь, ул. Монастырская, д. 45 корп. 1; 2) г. Пермь, ул. Монастырская, д. 45 корп. 2?',
      'Телефон для подключения: 8-800-700-67-90']],
  ['можно ли подключить интернет по адресу Пермь, ул. Ленина',
    ['Нашли улицу (г. Пермь, ул. Ленина), но не дом', 'Телефон для подключения: 8-800-700-67-90']],
  ['можно ли подключить интернет по адресу Пермь, ул. Несуществующая, 1',
    ['не удалось найти адрес', 'Телефон для подключения: 8-800-700-67-90']],
];

for (const [question, phrases] of cases) {
  test(`answer: ${question}`, () => {
    const reply = bot.answer(question, db);
    for (const phrase of phrases) assert.ok(reply.includes(phrase), `${reply}\n  lacks: ${phrase}`);
  });
}

test('no phone without a city', () => {
  for (const q of ['Можно ли подключить интернет по адресу Ленина 5?', 'Можно ли подключить интернет по адресу Москва, Тверская 1?'])
    assert.ok(!bot.answer(q, db).includes('8-800'), q);
});

test('regional phones: a house without a point, a street', () => {
  const store = env.unitCopy();
  const csv = path.join(path.dirname(store), 'houses.csv');
  fs.writeFileSync(csv, 'house_id,address,lat,lon\np-1,"Плановск, ул. Садовая, 1",,\n');
  domcov.importHouses(store, csv);
  const unit = domcov.open(store);
  try {
    const noPoint = bot.answer('по адресу Плановск, Садовая 1', unit);
    assert.ok(noPoint.includes('без координат') && noPoint.includes('Телефон для подключения: 8-800-222-2222'), noPoint);
    const street = bot.answer('по адресу Плановск, Садовая 5', unit);
    assert.ok(street.includes('8-800-222-2222') && !street.includes('8-800-700-67-90'), street);
    assert.ok(bot.answer('по адресу Тестоград, ул. 8 Марта, 10', unit).includes('8-800-700-67-90'));
  } finally {
    unit.close();
  }
});

test('helpers', () => {
  assert.equal(bot.extractAddress('можно ли подключить интернет по адресу «Пермь, Ленина 50»?'), 'Пермь, Ленина 50');
  assert.equal(bot.extractAddress('Адрес: Омск, Ленина 2'), 'Омск, Ленина 2');
  assert.equal(bot.extractAddress('Пермь, Ленина 50'), 'Пермь, Ленина 50');
  assert.equal(bot.extractAddress('как дела'), null);
  assert.deepEqual(bot.askedServices('а телевидение?'), ['tv']);
  assert.deepEqual(bot.askedServices('подключить по адресу'), ['internet', 'tv']);
  assert.equal(bot.formatDistance(428.35), '428 м');
  assert.equal(bot.formatDistance(3171.47), '3,2 км');
});

test('command line', () => {
  const out = execFileSync(process.execPath, [env.chatbot, 'Можно ли подключить интернет по адресу Омск, Ленина 2?'],
    { env: { ...process.env, DOMCOV_STORE: env.sample }, encoding: 'utf8' });
  assert.ok(out.includes('Да, по адресу г. Омск, ул. Ленина, д. 2 можно подключить'), out);
  const piped = execFileSync(process.execPath, [env.chatbot, '--store', env.sample],
    { input: 'по адресу Пермь, Ленина 50\nпо адресу Ленина 5\n', encoding: 'utf8' });
  assert.equal(piped.trim().split('\n').length, 2);
});
