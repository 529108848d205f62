'use strict';
// Building, importing into and exporting stores; offices.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const env = require('./env');
const domcov = require('..');

test('buildStore', () => {
  const store = path.join(env.tmpdir(), 'built.sqlite');
  const r = domcov.buildStore(env.unitData, store, { strict: true });
  assert.equal(r.rejected, 0);
  assert.ok(r.imported > 0);
  const db = domcov.open(store);
  assert.deepEqual([db.info().zones, db.info().houses], [4, 4]);
  db.close();
});

test('importZones with defaults and progress', () => {
  const store = env.unitCopy();
  const src = path.join(path.dirname(store), 'zones.geojson');
  fs.writeFileSync(src, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature',
    properties: { id: 'inet-new' },
    geometry: { type: 'Polygon', coordinates: [[[30.5, 50.5], [30.52, 50.5], [30.52, 50.52], [30.5, 50.52], [30.5, 50.5]]] } }] }));
  const seen = [];
  const r = domcov.importZones(store, src, { service: 'internet', technology: 'GPON', city: 'testgrad', onProgress: (p) => seen.push(p), step: 1 });
  assert.deepEqual([r.read, r.imported, r.rejected], [1, 1, 0]);
  assert.deepEqual(seen.at(-1), { done: 1, total: 1, finished: true });
  const db = domcov.open(store);
  const p = db.checkPoint(50.51, 30.51).services.internet;
  assert.deepEqual([p.available, p.technology, p.zone_id], [true, 'GPON', 'inet-new']);
  db.close();
});

test('importOffices and nearestOffices', () => {
  const store = env.unitCopy();
  const src = path.join(path.dirname(store), 'offices.csv');
  fs.writeFileSync(src, 'id,city,kind,name,address,hours,lat,lon\n'
    + 'of-1,testgrad,office,"Офис, центр","ул. Ленина, 1",пн-пт 9-18,50.02,30.02\n'
    + 't-9,testgrad,terminal,Терминал,ул. Мира,,50.05,30.05\n');
  const r = domcov.importOffices(store, src);
  assert.deepEqual([r.imported, r.rejected], [2, 0]);
  const db = domcov.open(store);
  try {
    const near = db.nearestOffices(50.021, 30.021, { limit: 5 });
    assert.deepEqual(near.map((o) => o.id), ['of-1', 't-9']);
    assert.deepEqual([near[0].kind, near[0].name, near[0].hours, near[0].city_code], ['office', 'Офис, центр', 'пн-пт 9-18', 'testgrad']);
    assert.deepEqual(db.nearestOffices(50.02, 30.02, { kind: 'terminal' }).map((o) => o.id), ['t-9']);
  } finally {
    db.close();
  }
});

test('exportZones', () => {
  const all = domcov.exportZones(env.unit);
  assert.equal(all.features, 4);
  const ids = JSON.parse(all.text).features.map((f) => f.properties.id).sort();
  assert.deepEqual(ids, ['inet-a', 'inet-b', 'inet-planned', 'tv-a']);
  assert.equal(domcov.exportZones(env.unit, 'planovsk').features, 1);
});
