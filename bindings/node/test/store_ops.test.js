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
  assert.deepEqual([r.rejected, r.deleted], [0, 0]);
  assert.ok(r.imported > 0);
  const db = domcov.open(store);
  const info = db.info();
  const counts = env.unitCounts();
  assert.deepEqual(Object.fromEntries(Object.keys(counts).map((k) => [k, info[k]])), counts);
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

test('nearestOffices on the sample store', () => {
  const db = domcov.open(env.sample);
  try {
    const near = db.nearestOffices(58.0105, 56.2502, { limit: 3, kind: 'office' });
    assert.equal(near.length, 3);
    assert.ok(near.every((o) => o.kind === 'office' && o.city_code === 'perm' && o.id && o.name && o.address));
    assert.deepEqual(near.map((o) => o.distance_m), near.map((o) => o.distance_m).sort((a, b) => a - b));
    for (const o of near) {
      assert.ok(Math.abs(o.distance_m - domcov.distanceM(58.0105, 56.2502, o.lat, o.lon)) < 1e-6);
      assert.deepEqual(Object.keys(o), ['id', 'kind', 'name', 'address', 'hours', 'city_code', 'lat', 'lon', 'distance_m']);
    }
    const both = db.nearestOffices(58.0105, 56.2502, { limit: 10 });
    assert.deepEqual(new Set(both.map((o) => o.kind)), new Set(['office', 'terminal']));
    assert.deepEqual(db.nearestOffices(58.0105, 56.2502, { limit: 10, kind: null }), both);
    assert.deepEqual(db.nearestOffices(58.0105, 56.2502, { limit: 10, kind: 'any' }), both);
    assert.equal(db.nearestOffices(58.0105, 56.2502).length, 5);
    assert.equal(db.nearestOffices(58.0105, 56.2502, { limit: domcov.NEAREST_OFFICES_MAX }).length, db.info().offices);
    assert.throws(() => db.nearestOffices(58, 56, { limit: domcov.NEAREST_OFFICES_MAX + 1 }), (e) => e.code === domcov.Status.ERR_ARG);
    assert.throws(() => db.nearestOffices(58, 56, { kind: 'bank' }), (e) => e.code === domcov.Status.ERR_ARG && /bank/.test(e.message));
    assert.throws(() => db.nearestOffices(91, 56), (e) => e.code === domcov.Status.ERR_ARG);
  } finally {
    db.close();
  }
  const unit = domcov.open(env.unit);
  assert.deepEqual(unit.nearestOffices(50, 30), []);
  unit.close();
});

test('exportZones', () => {
  const all = domcov.exportZones(env.unit);
  assert.equal(all.features, env.unitCounts().zones);
  assert.ok(all.text.endsWith('\n'));
  const doc = JSON.parse(all.text);
  const ids = doc.features.map((f) => f.properties.id);
  assert.deepEqual(ids, [...ids].sort());
  for (const id of ['inet-a', 'inet-b', 'inet-planned', 'tv-a']) assert.ok(ids.includes(id), id);
  const one = domcov.exportZones(env.unit, 'planovsk');
  assert.equal(one.features, 1);
  assert.deepEqual(domcov.exportZones(env.unit, 'Плановск'), one);
});

// A store with the unit store's cities and nothing else.
function emptyStore() {
  const dir = env.tmpdir();
  fs.mkdirSync(path.join(dir, 'src'));
  for (const f of ['store.conf', 'cities.csv']) fs.copyFileSync(path.join(env.unitData, f), path.join(dir, 'src', f));
  const store = path.join(dir, 'empty.sqlite');
  domcov.buildStore(path.join(dir, 'src'), store, { strict: true });
  return store;
}

test('export, import into another store, export again: the same text', () => {
  const exported = domcov.exportZones(env.unit);
  const store = emptyStore();
  const src = path.join(path.dirname(store), 'export.geojson');
  fs.writeFileSync(src, exported.text);
  assert.equal(domcov.exportZones(store).features, 0);
  const r = domcov.importZones(store, src, { strict: true });
  assert.deepEqual([r.read, r.imported, r.updated, r.rejected, r.deleted],
    [exported.features, exported.features, 0, 0, 0]);
  assert.deepEqual(domcov.exportZones(store), exported);
  const db = domcov.open(store);
  const orig = domcov.open(env.unit);
  try {
    for (const [lat, lon] of [[50.02, 30.02], [50.05, 30.35], [50.05, 30.05]])
      assert.deepEqual(db.checkPoint(lat, lon), orig.checkPoint(lat, lon));
  } finally {
    db.close();
    orig.close();
  }
});

function writeZones(file, features) {
  fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
}

test('importZonesIter with replaceCity: progress, then the report', () => {
  const store = env.unitCopy();
  const src = path.join(path.dirname(store), 'planovsk.geojson');
  const features = [0, 1, 2, 3, 4].map((i) => ({ type: 'Feature',
    properties: { id: `z-${i}`, service: 'tv', technology: 'DOCSIS' },
    geometry: { type: 'Polygon', coordinates: [[[30.6 + i / 100, 50.6], [30.605 + i / 100, 50.6],
      [30.605 + i / 100, 50.605], [30.6 + i / 100, 50.6]]] } }));
  features.push({ type: 'Feature', properties: { id: 'bad' }, geometry: { type: 'Point', coordinates: [30, 50] } });
  writeZones(src, features);
  const job = domcov.importZonesIter(store, src, { replaceCity: 'planovsk', step: 2 });
  assert.equal(job.progress, null);
  const seen = [...job];
  assert.deepEqual(seen, [{ done: 2, total: 6, finished: false }, { done: 4, total: 6, finished: false },
    { done: 6, total: 6, finished: true }]);
  assert.ok(job.committed && job.closed);
  const r = job.report;
  // planovsk had one zone (inet-planned) that the file does not name: deleted.
  assert.deepEqual([r.read, r.imported, r.updated, r.rejected, r.deleted], [6, 5, 0, 1, 1]);
  assert.ok(r.messages.some((m) => /bad/.test(m) && /rejected/.test(m)));
  assert.ok(r.messages.some((m) => /inet-planned/.test(m)));
  assert.equal(domcov.exportZones(store, 'planovsk').features, 5);
  const db = domcov.open(store);
  const p = db.checkPoint(50.601, 30.604).services.tv;
  assert.deepEqual([p.available, p.zone_id, p.technology], [true, 'z-0', 'DOCSIS']);
  assert.equal(db.checkPoint(50.05, 30.35).services.internet.status, 'none');
  db.close();
  assert.throws(() => job.step(), (e) => e.code === domcov.Status.ERR_ARG);
});

test('an import left early is abandoned; commit() imports the rest', () => {
  const store = env.unitCopy();
  const src = path.join(path.dirname(store), 'zones.geojson');
  writeZones(src, [{ type: 'Feature', properties: { id: 'inet-new' },
    geometry: { type: 'Polygon', coordinates: [[[30.5, 50.5], [30.52, 50.5], [30.52, 50.52], [30.5, 50.52], [30.5, 50.5]]] } }]);
  const before = fs.readFileSync(store);
  const opts = { service: 'internet', technology: 'GPON', city: 'testgrad', step: 1 };
  const job = domcov.importZonesIter(store, src, opts);
  for (const p of job) {
    assert.deepEqual(p, { done: 1, total: 1, finished: true });
    assert.throws(() => domcov.importZones(store, src, opts), (e) => e.code === domcov.Status.ERR_IO); // locked
    break;
  }
  assert.ok(job.closed && !job.committed);
  assert.deepEqual(fs.readFileSync(store), before);
  const again = domcov.importZonesIter(store, src, opts);
  assert.equal(again.commit().imported, 1);
  assert.throws(() => domcov.importZonesIter(store, src, { step: 0 }), (e) => e.code === domcov.Status.ERR_ARG);
});

test('importZones strict with onProgress: refused, the store unchanged', () => {
  const store = env.unitCopy();
  const src = path.join(path.dirname(store), 'bad.geojson');
  writeZones(src, [{ type: 'Feature', properties: { id: 'ok' },
    geometry: { type: 'Polygon', coordinates: [[[30.5, 50.5], [30.52, 50.5], [30.52, 50.52], [30.5, 50.5]]] } },
  { type: 'Feature', properties: { id: 'p' }, geometry: { type: 'Point', coordinates: [30, 50] } }]);
  const before = fs.readFileSync(store);
  const seen = [];
  assert.throws(() => domcov.importZones(store, src, { service: 'internet', technology: 'GPON', city: 'testgrad', strict: true,
    onProgress: (p) => seen.push(p), step: 1 }),
  (e) => e.code === domcov.Status.ERR_INPUT && e.report.rejected === 1 && e.report.imported === 1);
  assert.equal(seen.at(-1).finished, true);
  assert.deepEqual(fs.readFileSync(store), before);
});

test('importOfficesIter: CSV has no total', () => {
  const store = env.unitCopy();
  const src = path.join(path.dirname(store), 'offices.csv');
  fs.writeFileSync(src, 'id,city,kind,name,address,hours,lat,lon\n'
    + [1, 2, 3, 4, 5].map((i) => `o-${i},testgrad,office,Офис ${i},ул. Ленина,,50.0${i},30.0${i}\n`).join(''));
  const job = domcov.importOfficesIter(store, src, { step: 2 });
  const seen = [...job];
  assert.equal(seen.at(-1).done, 5);
  assert.ok(seen.every((p) => p.total === null));
  assert.deepEqual([job.report.read, job.report.imported], [5, 5]);
  const db = domcov.open(store);
  assert.deepEqual(db.nearestOffices(50.011, 30.011, { limit: 2 }).map((o) => o.id), ['o-1', 'o-2']);
  db.close();
});

const REGISTER = 'house_id,address,lat,lon\n'
  + 'h-1,"Тестоград, ул. Ленина, 7",50.021,30.021\n'
  + 'h-2,"Тестоград, ул. Ленина, 9",,\n'
  + 'h-3,"Тестоград, ул. Новая, 2",50.03,30.03\n'
  + 'h-4,,50.03,30.03\n'
  + 'h-5,"Тестоград, ул. Новая, 4",50.031,30.031\n';

test('importHousesIter creates the store, step by step', () => {
  const dir = env.tmpdir();
  const csv = path.join(dir, 'houses.csv');
  fs.writeFileSync(csv, REGISTER);
  const store = path.join(dir, 'new.sqlite'); // does not exist: the import creates it
  const job = domcov.importHousesIter(store, csv, { city: 'Тестоград', step: 2 });
  assert.equal(job.progress, null);
  assert.deepEqual([...job], [{ done: 2, total: 5, finished: false }, { done: 4, total: 5, finished: false },
    { done: 5, total: 5, finished: true }]);
  const r = job.report;
  assert.ok(job.committed && job.closed);
  assert.deepEqual([r.read, r.imported, r.without_point, r.rejected], [5, 4, 1, 1]);
  assert.ok(r.messages.some((m) => /:5:/.test(m) && /rejected/.test(m)));
  const db = domcov.open(store);
  assert.equal(db.info().houses, 4);
  assert.equal(db.check('Тестоград, ул. Новая, 4').house_id, 'h-5');
  db.close();
});

test('importHouses with onProgress; Database.importHouses reloads', () => {
  const store = env.unitCopy();
  const csv = path.join(path.dirname(store), 'houses.csv');
  fs.writeFileSync(csv, REGISTER);
  const seen = [];
  const db = domcov.open(store);
  try {
    const before = db.info().houses;
    const r = db.importHouses(csv, { onProgress: (p) => seen.push(p), step: 3 });
    assert.deepEqual(seen, [{ done: 3, total: 5, finished: false }, { done: 5, total: 5, finished: true }]);
    assert.equal(r.imported, 4);
    assert.equal(db.info().houses, before + 4);
  } finally {
    db.close();
  }
  const again = domcov.importHouses(store, csv, { onProgress: () => {} });
  assert.deepEqual([again.imported, again.updated], [0, 4]);
});

test('importHousesIter: abandoned, strict, a bad header, a pipe', () => {
  const store = env.unitCopy();
  const dir = path.dirname(store);
  const csv = path.join(dir, 'houses.csv');
  fs.writeFileSync(csv, REGISTER);
  const before = fs.readFileSync(store);
  const job = domcov.importHousesIter(store, csv, { step: 1 });
  for (const p of job) {
    assert.equal(p.done, 1);
    assert.throws(() => domcov.importHouses(store, csv), (e) => e.code === domcov.Status.ERR_IO && /another import/.test(e.message));
    break; // abandons the import
  }
  assert.ok(job.closed && !job.committed);
  assert.deepEqual(fs.readFileSync(store), before);
  assert.throws(() => domcov.importHouses(store, csv, { strict: true, onProgress: () => {}, step: 1 }),
    (e) => e.code === domcov.Status.ERR_INPUT && e.report.rejected === 1 && /strict mode/.test(e.message));
  assert.deepEqual(fs.readFileSync(store), before);
  const bad = path.join(dir, 'bad.csv');
  fs.writeFileSync(bad, 'id,adr\n1,x\n');
  assert.throws(() => domcov.importHousesIter(store, bad), (e) => /header has no column 'house_id'/.test(e.message));
  const fifo = path.join(dir, 'houses.fifo');
  require('node:child_process').execFileSync('mkfifo', [fifo]);
  const writer = require('node:child_process').spawn('sh', ['-c', `cat "${csv}" > "${fifo}"`]);
  const piped = domcov.importHousesIter(store, fifo, { step: 10 });
  assert.deepEqual([...piped], [{ done: 5, total: null, finished: true }]);
  assert.equal(piped.report.imported, 4);
  writer.kill();
});
