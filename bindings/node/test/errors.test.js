'use strict';
// Failures throw DomcovError with the status code and domcov_errmsg's message.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const env = require('./env');
const domcov = require('..');

const { Status, DomcovError } = domcov;

function throwsStatus(fn, code, messagePart = '') {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof DomcovError, `not a DomcovError: ${e}`);
    assert.equal(e.name, 'DomcovError');
    assert.equal(e.code, code, e.message);
    assert.equal(e.status, domcov.statusName(code));
    assert.ok(e.message.includes(messagePart), `'${e.message}' lacks '${messagePart}'`);
    return true;
  });
}

test('open errors carry the status and the detailed message', () => {
  const dir = env.tmpdir();
  throwsStatus(() => domcov.open(path.join(dir, 'missing.sqlite')), Status.ERR_IO, 'No such file or directory');
  throwsStatus(() => domcov.open(dir), Status.ERR_IO, 'directory');
  throwsStatus(() => domcov.open(''), Status.ERR_ARG, 'empty');
  const text = path.join(dir, 'text.sqlite');
  fs.writeFileSync(text, 'house_id,address\n1,ул. Ленина 5\n');
  throwsStatus(() => domcov.open(text), Status.ERR_NOT_STORE, 'not an SQLite database');
  const truncated = path.join(dir, 'truncated.sqlite');
  const data = fs.readFileSync(env.unit);
  fs.writeFileSync(truncated, data.subarray(0, Math.floor(data.length / 3)));
  throwsStatus(() => domcov.open(truncated), Status.ERR_CORRUPT);
  const newer = path.join(dir, 'newer.sqlite');
  const bytes = Buffer.from(data);
  bytes.writeUInt32BE(99, 60); // the SQLite header's user_version: the store format
  fs.writeFileSync(newer, bytes);
  throwsStatus(() => domcov.open(newer), Status.ERR_FORMAT_VERSION, 'format version 99');
});

test('argument errors', () => {
  const db = domcov.open(env.unit);
  try {
    throwsStatus(() => db.checkPoint(91, 30), Status.ERR_ARG, 'latitude 91');
    throwsStatus(() => db.checkPoint(NaN, 30), Status.ERR_ARG);
    throwsStatus(() => db.check('Пермь\0Ленина 5'), Status.ERR_ARG, 'NUL');
    throwsStatus(() => db.check(Buffer.from([0xff, 0xfe, 0x20])), Status.ERR_ARG);
    throwsStatus(() => db.check(`Пермь, Ленина ${'5'.repeat(domcov.ADDRESS_MAX_BYTES)}`), Status.ERR_TOO_LARGE);
    throwsStatus(() => db.suggest('Пермь', { limit: 0 }), Status.ERR_ARG, 'limit');
    assert.throws(() => db.check(42), TypeError);
  } finally {
    db.close();
  }
});

test('text with nothing recognisable is not found at level none (domcov.h)', () => {
  const db = domcov.open(env.unit);
  try {
    for (const text of ['', ' ,.;!']) {
      const r = db.check(text);
      assert.deepEqual([r.status, r.match_level, r.coverage, r.candidates], ['not_found', 'none', null, []]);
    }
  } finally {
    db.close();
  }
});

test('input errors, with the strict report', () => {
  throwsStatus(() => domcov.exportZones(env.unit, 'no-such-city'), Status.ERR_INPUT, 'no-such-city');
  const store = env.unitCopy();
  const bad = path.join(path.dirname(store), 'bad.geojson');
  fs.writeFileSync(bad, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature',
    properties: { id: 'z-bad', service: 'internet', technology: 'FTTB', city: 'testgrad' },
    geometry: { type: 'Point', coordinates: [30, 50] } }] }));
  const before = fs.readFileSync(store);
  assert.throws(() => domcov.importZones(store, bad, { strict: true }), (e) => {
    assert.equal(e.code, Status.ERR_INPUT);
    assert.equal(e.report.rejected, 1);
    assert.ok(e.report.messages.join(' ').includes('z-bad'));
    return true;
  });
  assert.ok(fs.readFileSync(store).equals(before));
});

test('binding errors have code null', () => {
  assert.throws(() => domcov.open(env.unit, { library: '/nonexistent/libdomcov.so' }), (e) => {
    assert.ok(e instanceof DomcovError);
    assert.equal(e.code, null);
    assert.equal(e.status, 'DOMCOV_LIBRARY_NOT_FOUND');
    return true;
  });
});
