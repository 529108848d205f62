'use strict';
// The koffi declarations against domcov.h as the C compiler sees it
// (tests/bindings/layout_dump): struct sizes, field order, offsets and types,
// enums, and every function's signature.

const test = require('node:test');
const assert = require('node:assert/strict');
const env = require('./env');
const domcov = require('..');
const ffi = require('../lib/ffi');

const { koffi } = ffi;
const layout = env.layout();
const skip = layout ? false : 'no layout_dump (built by meson in tests/bindings)';

// 'const char *const *' -> 'char **', 'unsigned' -> 'unsigned int', 'x[DOMCOV_SERVICE_COUNT]' -> 'x[2]'.
function canonical(ctype) {
  let t = ctype.replace(/\*const/g, '*').replace(/\bconst /g, '');
  t = t.replace(/\s*\*\s*/g, '*').replace(/^(.*?)\*/, '$1 *').trim();
  t = t.replace(/\bunsigned(?! \w)/, 'unsigned int');
  return t.replace(/\[(\w+)\]/, (m, n) => `[${layout.macros[n] ?? n}]`);
}

test('every header struct is declared', { skip }, () => {
  assert.deepEqual(Object.keys(layout.structs).sort(), Object.keys(ffi.types).sort());
});

for (const name of Object.keys(ffi.types).sort()) {
  test(`struct ${name} matches the C layout`, { skip }, () => {
    const c = layout.structs[name];
    const info = koffi.introspect(ffi.types[name]);
    const members = Object.values(info.members);
    assert.deepEqual(members.map((m) => m.name), c.fields.map((f) => f.name), 'field order');
    for (const f of c.fields) {
      const m = info.members[f.name];
      assert.equal(m.offset, f.offset, `${name}.${f.name} offset`);
      assert.equal(koffi.introspect(m.type).name, canonical(f.type), `${name}.${f.name} type`);
      assert.equal(koffi.sizeof(m.type), f.size, `${name}.${f.name} size`);
    }
    assert.equal(info.size, c.size);
    assert.equal(info.alignment, c.align);
  });
}

test('every header function has a prototype', { skip }, () => {
  assert.deepEqual(Object.keys(layout.functions).sort(), Object.keys(ffi.PROTOTYPES).sort());
});

test('function prototypes match the header', { skip }, () => {
  for (const [name, c] of Object.entries(layout.functions)) {
    const [result, args] = ffi.PROTOTYPES[name];
    assert.equal(koffi.introspect(result).name, canonical(c.ret), `${name} result`);
    assert.deepEqual(args.map((a) => koffi.introspect(a).name), c.params.map(canonical), `${name} arguments`);
  }
});

test('enums and constants', { skip }, () => {
  const strip = (members) => {
    const names = Object.keys(members).sort((a, b) => members[a] - members[b]);
    const prefix = names[0].match(/^(DOMCOV_(?:[A-Z]+_)?)/)[1];
    const p = names.every((n) => n.startsWith(prefix)) ? prefix : 'DOMCOV_';
    return names.map((n) => n.slice(p.length).toLowerCase());
  };
  assert.deepEqual(strip(layout.enums.domcov_service), domcov.names.services);
  assert.deepEqual(strip(layout.enums.domcov_zone_status), domcov.names.zoneStatuses);
  assert.deepEqual(strip(layout.enums.domcov_city_match), domcov.names.cityMatches);
  assert.deepEqual(strip(layout.enums.domcov_match_status), domcov.names.matchStatuses);
  assert.deepEqual(strip(layout.enums.domcov_match_level), domcov.names.matchLevels);
  assert.deepEqual(strip(layout.enums.domcov_office_kind), domcov.names.officeKinds);
  const status = Object.fromEntries(Object.entries(layout.enums.domcov_status).map(([k, v]) => [k.slice(7), v]));
  assert.deepEqual(status, { ...domcov.Status });
  assert.equal(layout.macros.DOMCOV_SERVICE_COUNT, ffi.SERVICE_COUNT);
  assert.equal(layout.macros.DOMCOV_IMPORT_STRICT, domcov.IMPORT_STRICT);
  assert.equal(layout.macros.DOMCOV_ADDRESS_MAX_BYTES, domcov.ADDRESS_MAX_BYTES);
  assert.equal(layout.macros.DOMCOV_NEAREST_OFFICES_MAX, domcov.NEAREST_OFFICES_MAX);
});

test('library names agree with the binding', () => {
  for (const [status, value] of Object.entries(domcov.Status)) {
    assert.equal(domcov.statusName(value), `DOMCOV_${status}`);
    assert.ok(domcov.strerror(value));
  }
  assert.equal(domcov.statusName(Object.keys(domcov.Status).length), 'DOMCOV_ERR_UNKNOWN');
});

test('a known point reads every field of domcov_point_result', () => {
  const db = domcov.open(env.unit);
  try {
    const r = db.checkPoint(50.02, 30.02);
    assert.deepEqual(r.services.internet, {
      available: true, status: 'active', technology: 'FTTB', zone_id: 'inet-a', distance_m: 0, nearest_zone_id: null,
    });
    assert.deepEqual(r.services.tv, {
      available: true, status: 'active', technology: 'DOCSIS', zone_id: 'tv-a', distance_m: 0, nearest_zone_id: null,
    });
    const { distance_m: d, ...city } = r.city;
    assert.deepEqual(city, {
      match: 'zone', code: 'testgrad', name: 'Тестоград', type: 'г', region: 'Тестовая обл.',
      support_phone: '8-800-333-7000', sales_phone: '8-800-700-67-90',
    });
    assert.ok(Math.abs(d - 3969.18) < 1);
    assert.deepEqual(r.zones, [
      { zone_id: 'inet-a', service: 'internet', status: 'active', technology: 'FTTB', name: 'square with a hole' },
      { zone_id: 'tv-a', service: 'tv', status: 'active', technology: 'DOCSIS', name: null },
    ]);
    const planned = db.checkPoint(50.05, 30.35);
    assert.equal(planned.services.internet.status, 'planned');
    assert.equal(planned.services.internet.zone_id, 'inet-planned');
    assert.ok(Math.abs(planned.services.internet.distance_m - 10743.2) < 1);
    assert.equal(planned.services.internet.nearest_zone_id, 'inet-b');
    assert.ok(Math.abs(planned.services.tv.distance_m - 13079.73) < 2);
    const info = db.info();
    assert.deepEqual([info.format_version, info.data_version, info.zones, info.cities, info.streets,
      info.houses, info.houses_with_point, info.offices], [1, 'unit-1', 4, 2, 3, 4, 3, 0]);
    assert.deepEqual(info.bbox, [50, 30, 50.1, 30.4]);
  } finally {
    db.close();
  }
});
