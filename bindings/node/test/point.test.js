'use strict';
// Every case of tests/cases/point.tsv (the C suite's table) through the binding.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const env = require('./env');
const domcov = require('..');

const db = domcov.open(env.unit);
test.after(() => db.close());

const serviceStr = (s) => (s.status === 'none' ? 'none' : `${s.status}/${s.technology}/${s.zone_id}`);

const lines = fs.readFileSync(env.pointCases, 'utf8').split('\n');
lines.forEach((line, i) => {
  if (!line.trim() || line.startsWith('#')) return;
  const [latS, lonS, want] = line.split('\t');
  test(`point.tsv line ${i + 1}: ${latS},${lonS}`, () => {
    const lat = Number(latS === 'inf' ? Infinity : latS === '-inf' ? -Infinity : latS);
    const lon = Number(lonS === 'inf' ? Infinity : lonS === '-inf' ? -Infinity : lonS);
    const expect = Object.fromEntries(want.trim().split(/\s+/).map((t) => {
      const k = t.indexOf('=');
      return [t.slice(0, k), t.slice(k + 1)];
    }));
    if (expect.status) {
      assert.throws(() => db.checkPoint(lat, lon), (e) => {
        assert.ok(e instanceof domcov.DomcovError);
        assert.equal(e.status, expect.status);
        assert.ok(e.message.length > 0);
        return true;
      });
      return;
    }
    const r = db.checkPoint(lat, lon);
    for (const name of ['internet', 'tv']) {
      const s = r.services[name];
      assert.equal(serviceStr(s), expect[name], name);
      assert.equal(s.available, s.status === 'active');
      if (s.available) assert.equal(s.distance_m, 0);
      const m = expect[`${name}_m`];
      if (m === 'none') assert.equal(s.distance_m, null);
      else if (m) {
        const [v, tol] = m.split('~');
        assert.ok(Math.abs(s.distance_m - Number(v)) <= Number(tol || 0.5), `${name} distance ${s.distance_m} vs ${m}`);
      }
      if (expect[`${name}_near`]) assert.equal(s.nearest_zone_id, expect[`${name}_near`]);
    }
    const city = r.city.match === 'none' ? 'none' : `${r.city.code}/${r.city.match}`;
    assert.equal(city, expect.city);
    if ('zones' in expect) assert.equal(r.zones.map((z) => z.zone_id).join(','), expect.zones);
  });
});

test('Perm centre is covered in the sample store', () => {
  const sample = domcov.open(env.sample);
  try {
    const r = sample.checkPoint(58.0105, 56.2502);
    assert.ok(r.covered && r.services.internet.available && r.services.tv.available);
    assert.equal(r.city.code, 'perm');
  } finally {
    sample.close();
  }
});

test('coordinates must be numbers', () => {
  assert.throws(() => db.checkPoint('north', 30), TypeError);
  assert.equal(db.checkPoint('50.02', 30.02).services.internet.zone_id, 'inet-a');
});

test('distanceM', () => {
  assert.ok(Math.abs(domcov.distanceM(0, 0, 0, 1) - 111319.4908) < 1e-3);
  assert.throws(() => domcov.distanceM(91, 0, 0, 0), { code: domcov.Status.ERR_ARG });
});

const statusOnly = (r) => [
  ['internet', 'tv'].map((n) => [r.services[n].available, r.services[n].status,
    r.services[n].technology, r.services[n].zone_id]),
  r.zones.map((z) => z.zone_id),
];

for (const [lat, lon] of [[50.05, 30.05], [50.02, 30.02], [50.05, 30.35], [10, 10]]) {
  test(`checkPoint without distance and city: ${lat},${lon}`, () => {
    const full = db.checkPoint(lat, lon);
    const fast = db.checkPoint(lat, lon, { distance: false, city: false });
    assert.deepEqual(statusOnly(fast), statusOnly(full));
    assert.equal(fast.covered, full.covered);
    assert.equal(fast.city, null);
    for (const s of Object.values(fast.services)) {
      assert.equal(s.distance_m, s.available ? 0 : null);
      if (!s.available) assert.equal(s.nearest_zone_id, null);
    }
  });
}

test('checkPoint flags one at a time', () => {
  const full = db.checkPoint(50.05, 30.05);
  assert.ok(full.services.internet.distance_m !== null);
  assert.equal(full.city.code, 'testgrad');
  const noDist = db.checkPoint(50.05, 30.05, { distance: false });
  assert.equal(noDist.services.internet.distance_m, null);
  assert.equal(noDist.services.internet.nearest_zone_id, null);
  assert.equal(noDist.services.tv.distance_m, null);
  assert.deepEqual(noDist.city, full.city);
  const noCity = db.checkPoint(50.05, 30.05, { city: false });
  assert.equal(noCity.city, null);
  assert.deepEqual(noCity.services, full.services);
  assert.deepEqual(db.checkPoint(50.05, 30.05, { distance: true, city: true }), full);
});

test('checkPoint flags: constants and validation', () => {
  assert.equal(domcov.CHECK_NO_DISTANCE, 1);
  assert.equal(domcov.CHECK_NO_CITY, 2);
  assert.throws(() => db.checkPoint(50, 30, { distance: 0 }), TypeError);
  assert.throws(() => db.checkPoint(91, 0, { distance: false, city: false }), { code: domcov.Status.ERR_ARG });
});

// pointStatus answers every case of point.tsv as checkPoint does, less distances, city and zones.
lines.forEach((line, i) => {
  if (!line.trim() || line.startsWith('#')) return;
  const [latS, lonS, want] = line.split('\t');
  test(`point.tsv line ${i + 1}: pointStatus ${latS},${lonS}`, () => {
    const num = (v) => Number(v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
    const [lat, lon] = [num(latS), num(lonS)];
    if (want.includes('status=')) {
      let full;
      assert.throws(() => db.checkPoint(lat, lon), (e) => { full = e; return true; });
      assert.throws(() => db.pointStatus(lat, lon), (e) => {
        assert.ok(e instanceof domcov.DomcovError);
        assert.deepEqual([e.code, e.message], [full.code, full.message]);
        return true;
      });
      return;
    }
    const full = db.checkPoint(lat, lon);
    const st = db.pointStatus(lat, lon);
    for (const n of ['internet', 'tv']) {
      const { distance_m: d, nearest_zone_id: near, ...status } = full.services[n];
      assert.deepEqual(st.services[n], status, n);
    }
    assert.deepEqual([st.lat, st.lon, st.covered, st.zone_count], [full.lat, full.lon, full.covered, full.zones.length]);
  });
});

test('pointStatus reads every field of domcov_point_status', () => {
  assert.deepEqual(db.pointStatus(50.08, 30.16), {
    lat: 50.08, lon: 30.16, covered: true, zone_count: 2,
    services: {
      internet: { available: true, status: 'active', technology: 'GPON', zone_id: 'inet-b' },
      tv: { available: true, status: 'active', technology: 'DOCSIS', zone_id: 'tv-a' },
    },
  });
  const planned = db.pointStatus(50.05, 30.35);
  assert.deepEqual(planned.services.internet, { available: false, status: 'planned', technology: 'GPON', zone_id: 'inet-planned' });
  assert.deepEqual(planned.services.tv, { available: false, status: 'none', technology: null, zone_id: null });
  assert.equal(planned.covered, false);
});

test('pointStatus on a lattice over Perm agrees with the status-only checkPoint', () => {
  const sample = domcov.open(env.sample);
  try {
    let covered = 0;
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 40; j++) {
        const lat = 57.98 + i * 0.0015;
        const lon = 56.20 + j * 0.003;
        const st = sample.pointStatus(lat, lon);
        const r = sample.checkPoint(lat, lon, { distance: false, city: false });
        for (const n of ['internet', 'tv']) {
          const { distance_m: d, nearest_zone_id: near, ...status } = r.services[n];
          assert.deepEqual(st.services[n], status);
        }
        assert.equal(st.zone_count, r.zones.length);
        covered += st.covered ? 1 : 0;
      }
    }
    assert.ok(covered > 100 && covered < 1600, `covered ${covered}`);
  } finally {
    sample.close();
  }
});

test('pointStatus checks its arguments', () => {
  assert.throws(() => db.pointStatus('north', 30), TypeError);
  assert.throws(() => db.pointStatus(50, 181), (e) => e.code === domcov.Status.ERR_ARG && /longitude 181/.test(e.message));
  assert.equal(db.pointStatus('50.02', 30.02).services.internet.zone_id, 'inet-a');
});
