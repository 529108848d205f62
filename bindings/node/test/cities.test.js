'use strict';
// The store's cities and their phones: Database.cities() and Database.city().

const test = require('node:test');
const assert = require('node:assert/strict');
const env = require('./env');
const domcov = require('..');

const TESTGRAD = {
  code: 'testgrad', name: 'Тестоград', type: 'г', region: 'Тестовая обл.',
  support_phone: '8-800-333-7000', sales_phone: '8-800-700-67-90',
};
const PLANOVSK = {
  code: 'planovsk', name: 'Плановск', type: 'г', region: 'Тестовая обл.',
  support_phone: '8-800-111-1111', sales_phone: '8-800-222-2222',
};

test('cities() in the store order', () => {
  const db = domcov.open(env.unit);
  try {
    assert.deepEqual(db.cities(), [TESTGRAD, PLANOVSK]);
    assert.equal(db.cities().length, env.unitCounts().cities);
  } finally {
    db.close();
  }
});

test('city() by code or by name in any case; null when unknown', () => {
  const db = domcov.open(env.unit);
  try {
    for (const [key, want] of [['planovsk', PLANOVSK], ['Плановск', PLANOVSK], ['ПЛАНОВСК', PLANOVSK],
      ['тестоград', TESTGRAD], [Buffer.from('testgrad'), TESTGRAD], ['PLANOVSK', null], ['Пермь', null],
      ['', null], [Buffer.from([0xff]), null]]) {
      assert.deepEqual(db.city(key), want, String(key));
    }
    assert.throws(() => db.city(7), TypeError);
    assert.throws(() => db.city('perm\0x'), (e) => e.code === domcov.Status.ERR_ARG);
  } finally {
    db.close();
  }
  assert.throws(() => db.cities(), (e) => e.closed === true);
  assert.throws(() => db.city('planovsk'), (e) => e.closed === true);
});

test('the phones of the candidates of an ambiguous answer', () => {
  const db = domcov.open(env.sample);
  try {
    const r = db.check('Пермь, Монастырская 45');
    assert.equal(r.status, 'ambiguous');
    assert.deepEqual([...new Set(r.candidates.map((c) => db.city(c.city_code).sales_phone))], ['8-800-700-67-90']);
    assert.deepEqual(db.cities().map((c) => c.code), ['perm', 'ekaterinburg', 'kazan', 'omsk']);
  } finally {
    db.close();
  }
});
