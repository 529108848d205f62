'use strict';
// db.checkStatus (domcov_check_address_status) against db.check: every case of
// tests/cases/match.tsv (the C suite's table, on the sample store) gives the
// answer of check(text, {distance: false, coverageCity: false}) on every field
// the two share, and the same errors.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const env = require('./env');
const domcov = require('..');

const { Status, DomcovError } = domcov;

const sample = domcov.open(env.sample);
const unit = domcov.open(env.unit);
test.after(() => { sample.close(); unit.close(); });

const STATUS_ONLY = { distance: false, coverageCity: false };

// check()'s answer cut down to the fields checkStatus gives: no display address,
// city, parsed address or candidates; the coverage in pointStatus's shape.
function statusView(full) {
  const { address, city, parsed, candidates, coverage, ...rest } = full;
  if (coverage === null) return { ...rest, coverage };
  const { city: covCity, zones, services, ...cov } = coverage;
  const service = ({ distance_m: d, nearest_zone_id: near, ...s }) => s;
  return {
    ...rest,
    coverage: { ...cov, services: { internet: service(services.internet), tv: service(services.tv) }, zone_count: zones.length },
  };
}

function sameAnswer(db, text, options = {}) {
  const st = db.checkStatus(text, options);
  assert.deepEqual(st, statusView(db.check(text, { ...options, ...STATUS_ONLY })));
  assert.deepEqual(Object.keys(st), ['query', 'status', 'match_level', 'qc_house', 'street_fuzzy', 'covered',
    'house_id', 'city_code', 'lat', 'lon', 'coverage']);
  return st;
}

// The same exception from both calls: class, code, status and message.
function sameError(db, text, options = {}) {
  let full;
  assert.throws(() => db.check(text, { ...options, ...STATUS_ONLY }), (e) => { full = e; return true; });
  assert.throws(() => db.checkStatus(text, options), (e) => {
    assert.equal(e.constructor, full.constructor);
    assert.deepEqual([e.code, e.status, e.message], [full.code, full.status, full.message]);
    return true;
  });
  return full;
}

// The file holds one line of invalid UTF-8 on purpose: the text is a string
// when it decodes, else the raw bytes (a Buffer).
const utf8 = new TextDecoder('utf-8', { fatal: true });
const raw = fs.readFileSync(env.matchCases);
let start = 0;
for (let n = 1; start < raw.length; n++) {
  const end = raw.indexOf(0x0a, start) < 0 ? raw.length : raw.indexOf(0x0a, start);
  const line = raw.subarray(start, end);
  start = end + 1;
  const tab = line.indexOf(0x09);
  if (line[0] === 0x23 /* # */ || tab < 0) continue;
  const bytes = line.subarray(0, tab);
  let text;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = Buffer.from(bytes);
  }
  const expect = Object.fromEntries(line.subarray(tab + 1).toString('utf8').trim().split(/\s+/)
    .filter((t) => t.includes('=')).map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)]));
  test(`match.tsv line ${n}: checkStatus ${JSON.stringify(String(text))}`, () => {
    const options = expect.option_city ? { city: expect.option_city } : {};
    if (expect.error) {
      assert.equal(sameError(sample, text, options).status, expect.error);
      return;
    }
    const st = sameAnswer(sample, text, options);
    // and the table's own expectations, so that the comparison is not of two wrong answers
    assert.equal(st.status, expect.status);
    for (const [key, field] of [['level', 'match_level'], ['house', 'house_id'], ['city', 'city_code']])
      if (key in expect) assert.equal(st[field], expect[key], key);
    if ('fuzzy' in expect) assert.equal(st.street_fuzzy, expect.fuzzy === '1');
    if ('covered' in expect) assert.equal(st.covered, expect.covered === '1');
  });
}

test('checkStatus on the unit store: covered, uncovered, no point, fuzzy, ambiguous, city, nothing', () => {
  for (const text of ['Тестоград, ул. Ленина, 1', 'Тестоград, пр-кт Мира, 5/2 стр. 1', 'Тестоград, ул. 8 Марта, 10',
    'Тестоград, Ленна 3а к2', 'Тестоград, ул. Ленина, 3а', 'Тестоград', '', ' ,.;!'])
    sameAnswer(unit, text);
});

test('checkStatus reads every field of domcov_address_status', () => {
  assert.deepEqual(unit.checkStatus('Тестоград, Ленна 3а к2'), {
    query: 'Тестоград, Ленна 3а к2', status: 'matched', match_level: 'house_exact', qc_house: domcov.QC_HOUSE.EXACT,
    street_fuzzy: true, covered: true, house_id: 't-2', city_code: 'testgrad', lat: 50.025, lon: 30.025,
    coverage: {
      lat: 50.025, lon: 30.025, covered: true, zone_count: 2,
      services: {
        internet: { available: true, status: 'active', technology: 'FTTB', zone_id: 'inet-a' },
        tv: { available: true, status: 'active', technology: 'DOCSIS', zone_id: 'tv-a' },
      },
    },
  });
  const amb = unit.checkStatus('Тестоград, ул. Ленина, 3а');
  assert.deepEqual([amb.status, amb.match_level, amb.qc_house, amb.house_id, amb.lat, amb.coverage, amb.covered],
    ['ambiguous', 'house_partial', domcov.QC_HOUSE.EXTENSION, null, null, null, false]);
  const noPoint = unit.checkStatus('Тестоград, ул. 8 Марта, 10');
  assert.deepEqual([noPoint.house_id, noPoint.lat, noPoint.lon, noPoint.coverage], ['t-4', null, null, null]);
});

test('checkStatus with a default city, and Buffer text', () => {
  for (const city of ['perm', 'Пермь', 'ПЕРМЬ']) {
    const st = sameAnswer(sample, 'Ленина 27/1', { city });
    assert.deepEqual([st.status, st.house_id, st.city_code], ['matched', 'perm-000050', 'perm']);
  }
  assert.equal(sample.checkStatus('Ленина 27/1').status, 'ambiguous');
  const text = 'Пермь, Монастырская 45к2';
  const st = sameAnswer(sample, Buffer.from(text));
  assert.deepEqual([st.query, st.house_id], [text, 'perm-000009']);
  assert.deepEqual(sample.checkStatus(new Uint8Array(Buffer.from(text))), sample.checkStatus(text));
});

test('checkStatus argument errors are check\'s', () => {
  assert.equal(sameError(unit, Buffer.from([0xff, 0xfe, 0x20, 0xd0])).code, Status.ERR_ARG); // the library's
  assert.equal(sameError(unit, 'Тестоград\0Ленина 1').code, Status.ERR_ARG); // the binding's
  assert.ok(sameError(unit, undefined) instanceof TypeError);
  assert.ok(sameError(unit, null) instanceof TypeError);
  assert.ok(sameError(unit, 42) instanceof TypeError);
  const e = sameError(unit, 'ул. Ленина, 1', { city: 'nowhere' });
  assert.ok(e instanceof DomcovError && e.code === Status.ERR_ARG && e.message.includes('nowhere'), e.message);
  assert.ok(sameError(unit, 'ул. Ленина, 1', { city: 5 }) instanceof TypeError);
  assert.equal(sameError(unit, `Тестоград, Ленина ${'1'.repeat(domcov.ADDRESS_MAX_BYTES)}`).code, Status.ERR_TOO_LARGE);
});

test('checkStatus on a closed database; its strings outlive the database', () => {
  const db = domcov.open(env.unit);
  const st = db.checkStatus('Тестоград, ул. Ленина, 1');
  db.close();
  assert.throws(() => db.checkStatus('Тестоград, ул. Ленина, 1'), (e) => e.closed === true);
  assert.deepEqual([st.house_id, st.city_code, st.coverage.services.internet.zone_id], ['t-1', 'testgrad', 'inet-a']);
});
