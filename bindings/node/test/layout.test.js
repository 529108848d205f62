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

// Every enum of the header -> the binding's names for its values (by value).
const ENUMS = {
  domcov_service: domcov.names.services,
  domcov_zone_status: domcov.names.zoneStatuses,
  domcov_city_match: domcov.names.cityMatches,
  domcov_match_status: domcov.names.matchStatuses,
  domcov_match_level: domcov.names.matchLevels,
  domcov_office_kind: domcov.names.officeKinds,
  domcov_status: Object.keys(domcov.Status).map((k) => k.toLowerCase()),
};

// Every numeric macro of the header -> the binding's value; null: deliberately not exposed.
const MACROS = {
  DOMCOV_STORE_FORMAT_MIN: null, // info().format_version says what a store is
  DOMCOV_STORE_FORMAT_MAX: null,
  DOMCOV_OPEN_DEFAULT: null, // open() takes no flags (none are defined)
  DOMCOV_SERVICE_COUNT: ffi.SERVICE_COUNT,
  DOMCOV_CITY_MAX_DISTANCE_M: domcov.CITY_MAX_DISTANCE_M,
  DOMCOV_IMPORT_STRICT: domcov.IMPORT_STRICT,
  DOMCOV_NEAREST_OFFICES_MAX: domcov.NEAREST_OFFICES_MAX,
  DOMCOV_ADDR_TRANSLITERATED: 0x1, // read into Address.transliterated
  DOMCOV_ADDR_AMBIGUOUS: 0x2, // read into Address.ambiguous
  DOMCOV_ADDRESS_MAX_BYTES: domcov.ADDRESS_MAX_BYTES,
  DOMCOV_QC_HOUSE_EXACT: domcov.QC_HOUSE.EXACT,
  DOMCOV_QC_HOUSE_EXTENSION: domcov.QC_HOUSE.EXTENSION,
  DOMCOV_QC_HOUSE_NOT_FOUND: domcov.QC_HOUSE.NOT_FOUND,
  DOMCOV_CHECK_DEFAULT: null, // checkPoint()/check() without the options
  DOMCOV_CHECK_NO_DISTANCE: domcov.CHECK_NO_DISTANCE,
  DOMCOV_CHECK_NO_CITY: domcov.CHECK_NO_CITY,
};

test('every header enum is mirrored, value by value', { skip }, () => {
  assert.deepEqual(Object.keys(layout.enums).sort(), Object.keys(ENUMS).sort());
  const strip = (members) => {
    const names = Object.keys(members).sort((a, b) => members[a] - members[b]);
    const prefix = names[0].match(/^(DOMCOV_(?:[A-Z]+_)?)/)[1];
    const p = names.every((n) => n.startsWith(prefix)) ? prefix : 'DOMCOV_';
    return names.map((n) => n.slice(p.length).toLowerCase());
  };
  for (const [name, members] of Object.entries(layout.enums)) {
    assert.deepEqual(Object.values(members).sort((a, b) => a - b), [...Object.keys(members).keys()], `${name} values`);
    assert.deepEqual(strip(members), [...ENUMS[name]], name);
  }
  const status = Object.fromEntries(Object.entries(layout.enums.domcov_status).map(([k, v]) => [k.slice(7), v]));
  assert.deepEqual(status, { ...domcov.Status });
});

test('every header macro is mirrored', { skip }, () => {
  assert.deepEqual(Object.keys(layout.macros).sort(), Object.keys(MACROS).sort());
  for (const [name, value] of Object.entries(MACROS)) {
    if (value !== null) assert.equal(layout.macros[name], value, name);
  }
});

test('the library names agree with the binding', () => {
  const lib = ffi.load();
  const names = {
    domcov_service_name: domcov.names.services,
    domcov_zone_status_name: domcov.names.zoneStatuses,
    domcov_match_status_name: domcov.names.matchStatuses,
    domcov_match_level_name: domcov.names.matchLevels,
  };
  for (const [fname, list] of Object.entries(names)) {
    const f = lib.fn(fname);
    assert.deepEqual(list.map((_, i) => f(i)), [...list], fname);
    assert.equal(f(list.length), null, fname);
  }
  // DOMCOV_OFFICE_ANY is a filter only: the library has no name for it, the binding says 'any'.
  const kind = lib.fn('domcov_office_kind_name');
  assert.deepEqual([0, 1, 2, 3].map((i) => kind(i)), [null, 'office', 'terminal', null]);
});

test('the library status names agree with the binding', () => {
  for (const [status, value] of Object.entries(domcov.Status)) {
    assert.equal(domcov.statusName(value), `DOMCOV_${status}`);
    assert.ok(domcov.strerror(value));
  }
  assert.equal(domcov.statusName(Object.keys(domcov.Status).length), 'DOMCOV_ERR_UNKNOWN');
});

test('a known address reads every field of domcov_address_result', () => {
  const db = domcov.open(env.unit);
  try {
    const r = db.check('Тестоград, ул. 8 Марта, 10');
    assert.deepEqual([r.status, r.match_level, r.qc_house, r.street_fuzzy, r.address, r.house_id, r.city_code,
      r.lat, r.lon, r.coverage], ['matched', 'house_exact', 2, false, 'г. Тестоград, ул. 8 Марта, д. 10', 't-4',
      'testgrad', null, null, null]);
    assert.equal(r.parsed.street, '8 марта');
    assert.deepEqual(r.city, {
      code: 'testgrad', name: 'Тестоград', type: 'г', region: 'Тестовая обл.',
      support_phone: '8-800-333-7000', sales_phone: '8-800-700-67-90',
    });
    assert.equal(r.candidates[0].house_id, 't-4');
  } finally {
    db.close();
  }
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
    assert.deepEqual([info.format_version, info.data_version], [1, 'unit-1']);
    const counts = env.unitCounts();
    assert.deepEqual(Object.fromEntries(Object.keys(counts).map((k) => [k, info[k]])), counts);
    assert.deepEqual(info.bbox, [50, 30, 50.1, 30.4]);
  } finally {
    db.close();
  }
});
