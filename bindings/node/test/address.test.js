'use strict';
// Address functions: normalize, check, suggest, importHouses (need the normalizer in the library).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const env = require('./env');
const domcov = require('..');

const unit = domcov.open(env.unit);
const sample = domcov.open(env.sample);
test.after(() => { unit.close(); sample.close(); });

test('normalize', () => {
  const a = domcov.normalize('екб, малышева 5');
  assert.deepEqual([a.city, a.street, a.house, a.transliterated], ['екатеринбург', 'малышева', '5', false]);
  const b = unit.normalize('620014, Свердловская обл., г. Екатеринбург, ул. Малышева, д. 5а');
  assert.deepEqual([b.postcode, b.region, b.region_type, b.city_type, b.street_type, b.house, b.letter],
    ['620014', 'свердловская', 'обл', 'г', 'ул', '5', 'а']);
  const c = domcov.normalize('Ekaterinburg, ul. Malysheva 5');
  assert.ok(c.transliterated);
  assert.equal(c.city, 'екатеринбург');
});

test('check: an exact house with coverage', () => {
  const r = unit.check('Тестоград, ул. Ленина, 1');
  assert.deepEqual([r.status, r.match_level, r.qc_house, r.street_fuzzy, r.covered],
    ['matched', 'house_exact', 2, false, true]);
  assert.deepEqual([r.house_id, r.city_code, r.address, r.lat, r.lon],
    ['t-1', 'testgrad', 'г. Тестоград, ул. Ленина, д. 1', 50.02, 30.02]);
  assert.equal(r.coverage.services.internet.zone_id, 'inet-a');
  assert.equal(r.coverage.city.sales_phone, '8-800-700-67-90');
  assert.equal(r.parsed.city, 'тестоград');
  assert.deepEqual(r.candidates[0], {
    address: 'г. Тестоград, ул. Ленина, д. 1', house_id: 't-1', city_code: 'testgrad',
    match_level: 'house_exact', score: 1, lat: 50.02, lon: 30.02,
  });
  assert.equal(r.query, 'Тестоград, ул. Ленина, 1');
  JSON.stringify(r);
});

test('check: not covered, without a point, default city', () => {
  const r = unit.check('Тестоград, пр-кт Мира, 5/2 стр. 1');
  assert.equal(r.house_id, 't-3');
  assert.equal(r.covered, false);
  assert.ok(Math.abs(r.coverage.services.internet.distance_m - 716.21) < 0.5);
  const n = unit.check('Тестоград, ул. 8 Марта, 10');
  assert.deepEqual([n.status, n.house_id, n.lat, n.coverage], ['matched', 't-4', null, null]);
  assert.equal(unit.check('ул. Ленина, 1', { city: 'testgrad' }).house_id, 't-1');
  assert.equal(unit.check('ул. Ленина, 1', { city: 'Тестоград', maxCandidates: 2 }).house_id, 't-1');
});

test('check: ambiguous and not found', () => {
  const r = sample.check('Ленина 5');
  assert.equal(r.status, 'ambiguous');
  assert.equal(r.coverage, null);
  assert.ok(r.candidates.length >= 2);
  assert.ok(r.candidates.every((c) => c.house_id && c.lat !== null));
  assert.equal(sample.check('Москва, Тверская 1').status, 'not_found');
  const street = sample.check('Пермь, ул. Ленина');
  assert.deepEqual([street.status, street.match_level, street.address], ['not_found', 'street', 'г. Пермь, ул. Ленина']);
});

test('suggest', () => {
  const s = unit.suggest('Тестоград, Лен');
  assert.deepEqual(s[0], { text: 'ул. Ленина', value: 'г. Тестоград, ул. Ленина', city_code: 'testgrad', house_id: null, is_house: false });
  const h = unit.suggest('Тестоград, ул. Ленина, 3');
  assert.equal(h[0].is_house, true);
  assert.equal(h[0].house_id, 't-2');
  assert.ok(sample.suggest('Пермь, ул', { limit: 3 }).length <= 3);
});

test('importHouses, then the reloaded database finds the new house', () => {
  const store = env.unitCopy();
  const csv = path.join(path.dirname(store), 'houses.csv');
  fs.writeFileSync(csv, 'house_id,address,lat,lon\n'
    + 'x-1,"Тестоград, ул. Ленина, 7",50.021,30.021\n'
    + 'x-2,"Тестоград, ул. Ленина, 9",,\n'
    + 'x-3,"Тестоград, ул. Новая, 2",50.03,30.03\n'
    + 'x-4,,50.03,30.03\n');
  const db = domcov.open(store);
  try {
    const before = db.info().houses;
    const r = db.importHouses(csv);
    assert.deepEqual([r.read, r.imported, r.updated, r.without_point, r.rejected], [4, 3, 0, 1, 1]);
    assert.equal(r.messages.length, 2);
    assert.equal(db.info().houses, before + 3);
    assert.equal(db.check('Тестоград, ул. Ленина, 7').house_id, 'x-1');
  } finally {
    db.close();
  }
  const csv2 = path.join(path.dirname(store), 'houses2.csv');
  fs.writeFileSync(csv2, 'id;adr;y;x\ny-1;ул. Ленина, 11;50.022;30.022\ny-2;;50.03;30.03\n');
  const opts = { idColumn: 'id', addressColumn: 'adr', latColumn: 'y', lonColumn: 'x', delimiter: ';', city: 'testgrad' };
  assert.throws(() => domcov.importHouses(store, csv2, { ...opts, strict: true }),
    (e) => e.code === domcov.Status.ERR_INPUT && e.report.rejected === 1);
  const r2 = domcov.importHouses(store, csv2, opts);
  assert.equal(r2.imported, 1);
});

const PERM = {
  code: 'perm', name: 'Пермь', type: 'г', region: 'Пермский край',
  support_phone: '8-800-333-7000', sales_phone: '8-800-700-67-90',
};

test('check: the city of an ambiguous address', () => {
  const r = sample.check('Пермь, Монастырская 45');
  assert.deepEqual([r.status, r.coverage, r.house_id], ['ambiguous', null, null]);
  assert.deepEqual(r.candidates.map((c) => c.address),
    ['г. Пермь, ул. Монастырская, д. 45 корп. 1', 'г. Пермь, ул. Монастырская, д. 45 корп. 2']);
  assert.deepEqual(r.city, PERM);
});

test('check: the city whenever it is known, null otherwise', () => {
  for (const [query, status, level] of [['Пермь, ул. Ленина', 'not_found', 'street'],
    ['Пермь, ул. Несуществующая, 1', 'not_found', 'city'], ['Пермь, Ленина 50', 'matched', 'house_exact']]) {
    const r = sample.check(query);
    assert.deepEqual([r.status, r.match_level, r.city], [status, level, PERM], query);
  }
  for (const query of ['Ленина 5', 'Москва, Тверская 1', '!!!']) assert.equal(sample.check(query).city, null, query);
  const noPoint = unit.check('Тестоград, ул. 8 Марта, 10');
  assert.deepEqual([noPoint.coverage, noPoint.city.code, noPoint.city.sales_phone], [null, 'testgrad', '8-800-700-67-90']);
});

test('check: a city\'s own phones', () => {
  const store = env.unitCopy();
  const csv = path.join(path.dirname(store), 'houses.csv');
  fs.writeFileSync(csv, 'house_id,address,lat,lon\np-1,"Плановск, ул. Садовая, 1",,\n');
  assert.equal(domcov.importHouses(store, csv).without_point, 1);
  const db = domcov.open(store);
  try {
    const r = db.check('Плановск, Садовая 1');
    assert.deepEqual([r.status, r.house_id, r.coverage], ['matched', 'p-1', null]);
    assert.deepEqual([r.city.code, r.city.sales_phone, r.city.support_phone], ['planovsk', '8-800-222-2222', '8-800-111-1111']);
    assert.equal(db.check('Плановск, Садовая 3').city.code, 'planovsk');
  } finally {
    db.close();
  }
});

for (const text of ['Тестоград, пр-кт Мира, 5/2 стр. 1', 'Тестоград, ул. Ленина, 1']) {
  test(`check without distance and coverage city: ${text}`, () => {
    const full = unit.check(text);
    const fast = unit.check(text, { distance: false, coverageCity: false });
    assert.ok(full.coverage && fast.coverage);
    assert.deepEqual([fast.status, fast.house_id, fast.covered], [full.status, full.house_id, full.covered]);
    assert.ok(fast.city !== null);
    assert.deepEqual(fast.city, full.city); // the address's city stays
    assert.equal(fast.coverage.city, null);
    assert.ok(full.coverage.city !== null);
    for (const n of ['internet', 'tv']) {
      const a = fast.coverage.services[n];
      const b = full.coverage.services[n];
      assert.deepEqual([a.available, a.status, a.zone_id], [b.available, b.status, b.zone_id]);
      if (!a.available) assert.deepEqual([a.distance_m, a.nearest_zone_id], [null, null]);
    }
    assert.deepEqual(fast.coverage.zones, full.coverage.zones);
  });
}

test('check flags with a default city', () => {
  const r = unit.check('ул. Ленина, 1', { city: 'testgrad', distance: false, coverageCity: false });
  assert.equal(r.house_id, 't-1');
  assert.equal(r.covered, true);
  assert.equal(r.coverage.city, null);
  const noDist = unit.check('Тестоград, пр-кт Мира, 5/2 стр. 1', { distance: false });
  assert.equal(noDist.coverage.services.internet.distance_m, null);
  assert.equal(noDist.coverage.city.code, 'testgrad');
  assert.throws(() => unit.check('Тестоград, ул. Ленина, 1', { coverageCity: 'no' }), TypeError);
});
