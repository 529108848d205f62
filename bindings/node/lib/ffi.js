'use strict';
// Low level: finding libdomcov, the C structs as koffi types, the prototypes.
// The structs mirror include/domcov.h field for field (same order and C
// types); test/layout.test.js compares them with the compiled header.

const fs = require('node:fs');
const path = require('node:path');
const koffi = require('koffi');

const SONAME = 'libdomcov.so.0';
const SERVICE_COUNT = 2; // DOMCOV_SERVICE_COUNT

// ---------------------------------------------------------------------------
// Types

const str = 'const char *';
const types = {};
const opaque = {
  domcov_db: koffi.opaque('domcov_db'),
  domcov_import: koffi.opaque('domcov_import'),
};

function struct(name, fields) {
  types[name] = koffi.struct(name, fields);
  return types[name];
}

struct('domcov_store_info', {
  format_version: 'int', data_version: str, built_at: str, source: str, path: str,
  zones: 'long long', cities: 'long long', streets: 'long long', houses: 'long long',
  houses_with_point: 'long long', offices: 'long long', has_bbox: 'int',
  min_lat: 'double', min_lon: 'double', max_lat: 'double', max_lon: 'double',
});
struct('domcov_service_result', {
  service: 'int', available: 'int', status: 'int', technology: str, zone_id: str,
  distance_m: 'double', nearest_zone_id: str,
});
struct('domcov_zone_hit', {
  zone_id: str, service: 'int', status: 'int', technology: str, name: str,
});
struct('domcov_city', {
  match: 'int', code: str, name: str, type: str, region: str, support_phone: str,
  sales_phone: str, distance_m: 'double',
});
struct('domcov_point_result', {
  lat: 'double', lon: 'double',
  services: koffi.array(types.domcov_service_result, SERVICE_COUNT),
  city: types.domcov_city,
  zone_count: 'int', zones: koffi.pointer(types.domcov_zone_hit),
});
struct('domcov_service_status', {
  service: 'int', available: 'int', status: 'int', technology: str, zone_id: str,
});
struct('domcov_point_status', {
  services: koffi.array(types.domcov_service_status, SERVICE_COUNT), zone_count: 'int',
});
struct('domcov_import_report', {
  read: 'long long', imported: 'long long', updated: 'long long', without_point: 'long long',
  repaired: 'long long', rejected: 'long long', message_count: 'int',
  messages: koffi.pointer(str), deleted: 'long long',
});
struct('domcov_zone_import_options', {
  service: str, technology: str, status: str, city: str, crs: str, replace_city: str,
  flags: 'unsigned int',
});
struct('domcov_office_import_options', { crs: str, flags: 'unsigned int' });
struct('domcov_import_progress', { done: 'long long', total: 'long long', finished: 'int' });
struct('domcov_export', { features: 'long long', length: 'long long', text: str });
struct('domcov_office', {
  id: str, kind: 'int', name: str, address: str, hours: str, city_code: str,
  lat: 'double', lon: 'double', distance_m: 'double',
});
struct('domcov_office_list', {
  lat: 'double', lon: 'double', count: 'int', offices: koffi.pointer(types.domcov_office),
});
struct('domcov_house_import_options', {
  address_column: str, lat_column: str, lon_column: str, id_column: str, city: str,
  delimiter: 'int', flags: 'unsigned int',
});
struct('domcov_address', {
  canonical: str, postcode: str, country: str, region: str, region_type: str, district: str,
  district_type: str, city: str, city_type: str, street: str, street_type: str, house: str,
  letter: str, korpus: str, stroenie: str, flat: str, flat_type: str, flags: 'int',
});
struct('domcov_match_options', { default_city: str, max_candidates: 'int' });
struct('domcov_candidate', {
  match_level: 'int', score: 'double', house_id: str, address: str, city_code: str,
  has_point: 'int', lat: 'double', lon: 'double',
});
struct('domcov_address_result', {
  status: 'int', match_level: 'int', qc_house: 'int', street_fuzzy: 'int', address: str,
  house_id: str, city_code: str, has_point: 'int', lat: 'double', lon: 'double',
  coverage: koffi.pointer(types.domcov_point_result),
  parsed: koffi.pointer(types.domcov_address),
  candidate_count: 'int', candidates: koffi.pointer(types.domcov_candidate),
  city: types.domcov_city,
});
// domcov_check_address_status's answer: the strings are the db's, not freed.
struct('domcov_address_status', {
  status: 'int', match_level: 'int', qc_house: 'int', street_fuzzy: 'int', house_id: str, city_code: str,
  has_point: 'int', lat: 'double', lon: 'double', coverage: types.domcov_point_status,
});
struct('domcov_suggestion', {
  text: str, value: str, city_code: str, house_id: str, is_house: 'int',
});
struct('domcov_suggestions', { count: 'int', items: koffi.pointer(types.domcov_suggestion) });

const p = (t) => koffi.pointer(t);
const out = (t) => koffi.out(koffi.pointer(koffi.pointer(t)));
const T = types;
const DB = p(opaque.domcov_db);
const IMP = p(opaque.domcov_import);

// name -> [result, [arguments]].  Functions are bound on first use, so a
// library built without some of them still serves the others.
const PROTOTYPES = {
  domcov_status_name: [str, ['int']],
  domcov_strerror: [str, ['int']],
  domcov_errmsg: [str, [DB]],
  domcov_version: [str, []],
  domcov_open: ['int', [str, 'unsigned int', out(opaque.domcov_db)]],
  domcov_close: ['void', [DB]],
  domcov_store_info_get: ['int', [DB, out(T.domcov_store_info)]],
  domcov_store_info_free: ['void', [p(T.domcov_store_info)]],
  domcov_service_name: [str, ['int']],
  domcov_zone_status_name: [str, ['int']],
  domcov_check_point: ['int', [DB, 'double', 'double', out(T.domcov_point_result)]],
  domcov_check_point_ex: ['int', [DB, 'double', 'double', 'unsigned int', out(T.domcov_point_result)]],
  domcov_point_result_free: ['void', [p(T.domcov_point_result)]],
  domcov_check_point_status: ['int', [DB, 'double', 'double', koffi.out(p(T.domcov_point_status))]],
  domcov_distance_m: ['int', ['double', 'double', 'double', 'double', koffi.out(p('double'))]],
  domcov_build_store: ['int', [str, str, 'unsigned int', out(T.domcov_import_report)]],
  domcov_import_report_free: ['void', [p(T.domcov_import_report)]],
  domcov_import_zones_begin: ['int', [str, str, p(T.domcov_zone_import_options), out(opaque.domcov_import)]],
  domcov_import_offices_begin: ['int', [str, str, p(T.domcov_office_import_options), out(opaque.domcov_import)]],
  domcov_import_step: ['int', [IMP, 'int', koffi.out(p(T.domcov_import_progress))]],
  domcov_import_commit: ['int', [IMP, out(T.domcov_import_report)]],
  domcov_import_free: ['void', [IMP]],
  domcov_import_zones: ['int', [str, str, p(T.domcov_zone_import_options), out(T.domcov_import_report)]],
  domcov_import_offices: ['int', [str, str, p(T.domcov_office_import_options), out(T.domcov_import_report)]],
  domcov_export_zones: ['int', [str, str, out(T.domcov_export)]],
  domcov_export_free: ['void', [p(T.domcov_export)]],
  domcov_office_kind_name: [str, ['int']],
  domcov_nearest_offices: ['int', [DB, 'double', 'double', 'int', 'int', out(T.domcov_office_list)]],
  domcov_office_list_free: ['void', [p(T.domcov_office_list)]],
  domcov_import_houses: ['int', [str, str, p(T.domcov_house_import_options), out(T.domcov_import_report)]],
  domcov_import_houses_begin: ['int', [str, str, p(T.domcov_house_import_options), out(opaque.domcov_import)]],
  domcov_city_count: ['int', [DB, koffi.out(p('int'))]],
  domcov_city_get: ['int', [DB, 'int', koffi.out(p(T.domcov_city))]],
  domcov_city_find: ['int', [DB, str, koffi.out(p(T.domcov_city))]],
  domcov_normalize: ['int', [str, out(T.domcov_address)]],
  domcov_address_free: ['void', [p(T.domcov_address)]],
  domcov_match_status_name: [str, ['int']],
  domcov_match_level_name: [str, ['int']],
  domcov_check_address: ['int', [DB, str, p(T.domcov_match_options), out(T.domcov_address_result)]],
  domcov_check_address_ex: ['int', [DB, str, p(T.domcov_match_options), 'unsigned int',
    out(T.domcov_address_result)]],
  domcov_address_result_free: ['void', [p(T.domcov_address_result)]],
  domcov_check_address_status: ['int', [DB, str, p(T.domcov_match_options),
    koffi.out(p(T.domcov_address_status))]],
  domcov_suggest: ['int', [DB, str, p(T.domcov_match_options), 'int', out(T.domcov_suggestions)]],
  domcov_suggestions_free: ['void', [p(T.domcov_suggestions)]],
};

class BindingError extends Error {}

class Library {
  constructor(file, lib) {
    this.path = file;
    this.lib = lib;
    this.funcs = new Map();
  }

  // The bound function, or throws BindingError when the library lacks it.
  fn(name) {
    let f = this.funcs.get(name);
    if (f === undefined) {
      const [result, args] = PROTOTYPES[name];
      try {
        f = this.lib.func(name, result, args);
      } catch (e) {
        throw new BindingError(`${name} is not in ${this.path}: the library was built without it ` +
          `(an older or partial build) [${e.message}]`);
      }
      this.funcs.set(name, f);
    }
    return f;
  }

  has(name) {
    try {
      this.fn(name);
      return true;
    } catch (e) {
      if (e instanceof BindingError) return false;
      throw e;
    }
  }
}

const loaded = new Map();
let defaultLibrary = null;

function buildTreeLibrary() {
  const pkg = path.resolve(__dirname, '..');
  if (path.basename(pkg) !== 'node' || path.basename(path.dirname(pkg)) !== 'bindings') return null; // installed
  const candidate = path.resolve(__dirname, '..', '..', '..', 'build', 'lib', 'libdomcov.so');
  return fs.existsSync(candidate) ? candidate : null;
}

function loadPath(file) {
  const key = file.includes('/') ? path.resolve(file) : file;
  let lib = loaded.get(key);
  if (!lib) {
    let handle;
    try {
      handle = koffi.load(file);
    } catch (e) {
      throw new BindingError(`cannot load libdomcov from ${file}: ${e.message}`);
    }
    lib = new Library(file, handle);
    loaded.set(key, lib);
  }
  return lib;
}

// The library: FILE, else $DOMCOV_LIBRARY, else the checkout's build tree, else the soname.
function load(file) {
  if (file instanceof Library) return file;
  if (file) return loadPath(String(file));
  if (defaultLibrary) return defaultLibrary;
  const env = process.env.DOMCOV_LIBRARY;
  if (env) return (defaultLibrary = loadPath(env));
  const local = buildTreeLibrary();
  if (local) return (defaultLibrary = loadPath(local));
  try {
    return (defaultLibrary = loadPath(SONAME));
  } catch (e) {
    throw new BindingError('libdomcov not found: pass {library: PATH}, set DOMCOV_LIBRARY, build ' +
      'the checkout (meson setup build && ninja -C build) or install it (meson install -C build): ' +
      e.message);
  }
}

module.exports = { koffi, types, opaque, PROTOTYPES, SONAME, SERVICE_COUNT, Library, BindingError, load, buildTreeLibrary };
