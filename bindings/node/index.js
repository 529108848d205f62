'use strict';
// domcov: can this address or coordinate get Dom.ru internet or TV?
// Node bindings for libdomcov through koffi (no compiled addon).
//
//   const domcov = require('domcov');
//   const db = domcov.open('build/data/sample.sqlite');
//   const r = db.check('Пермь, Ленина 50');
//   console.log(r.address, r.coverage.services.internet.technology);
//   db.close();
//
// Results are plain objects with the shape of `domcov check --json`; errors
// are DomcovError with `code` (the DOMCOV_ERR_* number) and `status` (its name).

const ffi = require('./lib/ffi');

const { koffi, types: T } = ffi;

const Status = Object.freeze({
  OK: 0,
  ERR_ARG: 1,
  ERR_NOMEM: 2,
  ERR_IO: 3,
  ERR_NOT_STORE: 4,
  ERR_FORMAT_VERSION: 5,
  ERR_CORRUPT: 6,
  ERR_DATABASE: 7,
  ERR_INPUT: 8,
  ERR_INTERNAL: 9,
  ERR_GEOMETRY: 10,
  ERR_TOO_LARGE: 11,
});
const STATUS_NAMES = Object.fromEntries(Object.entries(Status).map(([k, v]) => [v, `DOMCOV_${k}`]));

const SERVICES = ['internet', 'tv'];
const ZONE_STATUSES = ['none', 'active', 'planned'];
const CITY_MATCHES = ['none', 'zone', 'nearest', 'address', 'lookup'];
const CITY_NONE = 0; // DOMCOV_CITY_NONE
const MATCH_STATUSES = ['matched', 'ambiguous', 'not_found'];
const MATCH_LEVELS = ['none', 'city', 'street', 'house_partial', 'house_exact'];
const OFFICE_KINDS = ['any', 'office', 'terminal'];
const IMPORT_STRICT = 0x1;
const ADDRESS_MAX_BYTES = 4096;
const NEAREST_OFFICES_MAX = 1000;
const CITY_MAX_DISTANCE_M = 50000;
const QC_HOUSE = Object.freeze({ EXACT: 2, EXTENSION: 3, NOT_FOUND: 10 });
// DOMCOV_CHECK_*: what checkPoint(lat, lon, {distance: false, city: false}) and
// check(text, {distance: false, coverageCity: false}) pass.
const CHECK_NO_DISTANCE = 0x1;
const CHECK_NO_CITY = 0x2;
const ADDR_TRANSLITERATED = 0x1;
const ADDR_AMBIGUOUS = 0x2;

// ---------------------------------------------------------------------------
// Errors

class DomcovError extends Error {
  /**
   * @param {string} message domcov_errmsg() of the failed call (else domcov_strerror())
   * @param {number|null} code the DOMCOV_ERR_* status; null for errors of the binding itself
   * @param {object} [extra] {status, report}
   */
  constructor(message, code, extra = {}) {
    super(message);
    this.name = 'DomcovError';
    this.code = code;
    this.status = extra.status || (code === null ? 'DOMCOV_BINDING' : STATUS_NAMES[code] || 'DOMCOV_ERR_UNKNOWN');
    if (extra.report) this.report = extra.report;
    if (extra.closed) this.closed = true;
  }
}

function closedError() {
  return new DomcovError('the database is closed', Status.ERR_ARG, { closed: true });
}

function bindingError(e) {
  return e instanceof ffi.BindingError
    ? new DomcovError(e.message, null, {
      status: /not in .*built without/.test(e.message) ? 'DOMCOV_FUNCTION_UNAVAILABLE' : 'DOMCOV_LIBRARY_NOT_FOUND',
    })
    : e;
}

function getLib(library) {
  try {
    return ffi.load(library);
  } catch (e) {
    throw bindingError(e);
  }
}

function fn(lib, name) {
  try {
    return lib.fn(name);
  } catch (e) {
    throw bindingError(e);
  }
}

// Throws for a failed call.  domcov_errmsg is per thread and valid until the
// next call, so it is read first, right after the failing call.
function fail(lib, status, report) {
  const message = fn(lib, 'domcov_errmsg')(null) || fn(lib, 'domcov_strerror')(status);
  throw new DomcovError(message, status, report ? { report } : {});
}

function check(lib, status) {
  if (status !== 0) fail(lib, status);
}

// A JS string (or Buffer of UTF-8) for a `const char *`.  A NUL inside would
// silently cut the C string, so it is refused.
function text(value, what) {
  if (typeof value === 'string') {
    if (value.includes('\0')) throw new DomcovError(`${what} contains a NUL character`, Status.ERR_ARG);
    if (typeof value.isWellFormed === 'function' && !value.isWellFormed())
      throw new DomcovError(`${what} is not valid Unicode`, Status.ERR_ARG);
    return value;
  }
  if (value instanceof Uint8Array) {
    if (value.includes(0)) throw new DomcovError(`${what} contains a NUL character`, Status.ERR_ARG);
    return Buffer.concat([Buffer.from(value), Buffer.alloc(1)]);
  }
  throw new TypeError(`${what} must be a string or a Buffer, not ${value === null ? 'null' : typeof value}`);
}

function optText(value, what) {
  return value === undefined || value === null ? null : text(value, what);
}

function coord(value, what) {
  if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) value = Number(value);
  if (typeof value !== 'number') throw new TypeError(`${what} must be a number, not ${JSON.stringify(value)}`);
  return value;
}

function int(value, what) {
  if (!Number.isInteger(value)) throw new TypeError(`${what} must be an integer`);
  return value;
}

function bool(value, what) {
  if (value === undefined) return true;
  if (typeof value !== 'boolean') throw new TypeError(`${what} must be a boolean`);
  return value;
}

// DOMCOV_CHECK_* flags from {distance, city} (both default true).
function checkFlags(distance, city, cityWhat) {
  return (bool(distance, 'distance') ? 0 : CHECK_NO_DISTANCE) | (bool(city, cityWhat) ? 0 : CHECK_NO_CITY);
}

const name = (names, v) => (v >= 0 && v < names.length ? names[v] : String(v));

// ---------------------------------------------------------------------------
// C results -> plain objects (the shape of `domcov check --json`)

// A domcov_service_status, or the same members of a domcov_service_result.
function serviceStatus(s) {
  return {
    available: s.available !== 0,
    status: name(ZONE_STATUSES, s.status),
    technology: s.technology,
    zone_id: s.zone_id,
  };
}

function serviceResult(s) {
  return {
    ...serviceStatus(s),
    distance_m: s.distance_m < 0 ? null : s.distance_m,
    nearest_zone_id: s.nearest_zone_id,
  };
}

// A domcov_point_status, the answer at (lat, lon).
function pointStatusResult(lat, lon, c) {
  const internet = serviceStatus(c.services[0]);
  const tv = serviceStatus(c.services[1]);
  return { lat, lon, covered: internet.available || tv.available, services: { internet, tv }, zone_count: c.zone_count };
}

function pointResult(c, withCity = true) {
  const internet = serviceResult(c.services[0]);
  const tv = serviceResult(c.services[1]);
  const zones = c.zone_count > 0 ? koffi.decode(c.zones, T.domcov_zone_hit, c.zone_count) : [];
  return {
    lat: c.lat,
    lon: c.lon,
    covered: internet.available || tv.available,
    services: { internet, tv },
    city: !withCity ? null : {
      match: name(CITY_MATCHES, c.city.match),
      code: c.city.code,
      name: c.city.name,
      type: c.city.type,
      region: c.city.region,
      support_phone: c.city.support_phone,
      sales_phone: c.city.sales_phone,
      distance_m: c.city.match !== CITY_NONE && c.city.distance_m >= 0 ? c.city.distance_m : null,
    },
    zones: zones.map((z) => ({
      zone_id: z.zone_id,
      service: name(SERVICES, z.service),
      status: name(ZONE_STATUSES, z.status),
      technology: z.technology,
      name: z.name,
    })),
  };
}

const ADDRESS_PARTS = ['postcode', 'country', 'region', 'region_type', 'district', 'district_type',
  'city', 'city_type', 'street', 'street_type', 'house', 'letter', 'korpus', 'stroenie', 'flat',
  'flat_type'];

function address(c) {
  const a = { canonical: c.canonical };
  for (const part of ADDRESS_PARTS) a[part] = c[part];
  a.transliterated = (c.flags & ADDR_TRANSLITERATED) !== 0;
  a.ambiguous = (c.flags & ADDR_AMBIGUOUS) !== 0;
  return a;
}

// A city with its phones (an address's, or one of the store's); null for DOMCOV_CITY_NONE.
function addressCity(c) {
  if (c.match === CITY_NONE) return null;
  return {
    code: c.code,
    name: c.name,
    type: c.type,
    region: c.region,
    support_phone: c.support_phone,
    sales_phone: c.sales_phone,
  };
}

// The first fields of addressResult() and addressStatus(), from either C answer.
function matchHead(query, c, coverage) {
  return {
    query,
    status: name(MATCH_STATUSES, c.status),
    match_level: name(MATCH_LEVELS, c.match_level),
    qc_house: c.qc_house,
    street_fuzzy: c.street_fuzzy !== 0,
    covered: coverage !== null && coverage.covered,
  };
}

function addressResult(query, c, coverageCity = true) {
  const has = c.has_point !== 0;
  const coverage = c.coverage
    ? pointResult(koffi.decode(c.coverage, T.domcov_point_result), coverageCity) : null;
  const candidates = c.candidate_count > 0
    ? koffi.decode(c.candidates, T.domcov_candidate, c.candidate_count) : [];
  return {
    ...matchHead(query, c, coverage),
    address: c.address,
    house_id: c.house_id,
    city_code: c.city_code,
    lat: has ? c.lat : null,
    lon: has ? c.lon : null,
    coverage,
    city: addressCity(c.city),
    parsed: c.parsed ? address(koffi.decode(c.parsed, T.domcov_address)) : null,
    candidates: candidates.map((k) => ({
      address: k.address,
      house_id: k.house_id,
      city_code: k.city_code,
      match_level: name(MATCH_LEVELS, k.match_level),
      score: k.score,
      lat: k.has_point ? k.lat : null,
      lon: k.has_point ? k.lon : null,
    })),
  };
}

// A domcov_address_status: the fields of addressResult() it shares, coverage a pointStatusResult().
function addressStatus(query, c) {
  const has = c.has_point !== 0;
  const coverage = has ? pointStatusResult(c.lat, c.lon, c.coverage) : null;
  return {
    ...matchHead(query, c, coverage),
    house_id: c.house_id,
    city_code: c.city_code,
    lat: has ? c.lat : null,
    lon: has ? c.lon : null,
    coverage,
  };
}

function importReport(c) {
  return {
    read: c.read,
    imported: c.imported,
    updated: c.updated,
    without_point: c.without_point,
    repaired: c.repaired,
    rejected: c.rejected,
    deleted: c.deleted,
    messages: c.message_count > 0 ? koffi.decode(c.messages, koffi.array('const char *', c.message_count, 'Array')) : [],
  };
}

// Calls FUNC(...args, out); decodes *out with TYPE through CONVERT; frees it with FREE.
function call(lib, func, args, type, convert, free) {
  const out = [null];
  check(lib, fn(lib, func)(...args, out));
  try {
    return convert(koffi.decode(out[0], type));
  } finally {
    fn(lib, free)(out[0]);
  }
}

// For calls whose last argument receives a report, also on DOMCOV_ERR_INPUT.
function reportCall(lib, func, args) {
  const out = [null];
  const status = fn(lib, func)(...args, out);
  const message = status !== 0 ? fn(lib, 'domcov_errmsg')(null) : null;
  let report = null;
  if (out[0]) {
    try {
      report = importReport(koffi.decode(out[0], T.domcov_import_report));
    } finally {
      fn(lib, 'domcov_import_report_free')(out[0]);
    }
  }
  if (status !== 0) {
    throw new DomcovError(message || fn(lib, 'domcov_strerror')(status), status,
      report ? { report } : {});
  }
  return report;
}

function matchOptions(opts) {
  const city = opts.city === undefined ? null : optText(opts.city, 'city');
  const max = opts.maxCandidates === undefined ? 0 : int(opts.maxCandidates, 'maxCandidates');
  return city === null && max === 0 ? null : { default_city: city, max_candidates: max };
}

// The C text, the match options and the string query of an address check.
function addressArgs(query, options) {
  const raw = text(query, 'address');
  const opts = matchOptions(options);
  return [raw, opts, typeof query === 'string' ? query : Buffer.from(query).toString('utf8')];
}

// ---------------------------------------------------------------------------
// Handles.  A Database owns its native handle; share() lets worker threads
// attach to it.  [users, closed] live in a SharedArrayBuffer so the owner's
// close() waits for calls running in workers before domcov_close (which must
// not race with them), and later calls anywhere throw "closed".

const registry = new FinalizationRegistry((cell) => closeCell(cell));

function closeCell(cell) {
  if (cell.ptr === null) return;
  const s = cell.sync;
  Atomics.store(s, 1, 1);
  for (let users; (users = Atomics.load(s, 0)) !== 0;) Atomics.wait(s, 0, users, 50);
  const ptr = cell.ptr;
  cell.ptr = null;
  fn(cell.lib, 'domcov_close')(ptr);
}

function openPtr(lib, path) {
  const out = [null];
  check(lib, fn(lib, 'domcov_open')(text(path, 'path'), 0, out));
  return out[0];
}

class Database {
  #lib;
  #cell; // {lib, ptr, sync}
  #owner;

  /** Use domcov.open(path) or domcov.attach(shared). */
  constructor(path, options = {}, shared = null) {
    this.#lib = getLib(shared ? shared.library : options.library);
    if (shared) {
      this.path = shared.path;
      this.#owner = false;
      this.#cell = { lib: this.#lib, ptr: shared.address, sync: new Int32Array(shared.sync) };
      if (Atomics.load(this.#cell.sync, 1) !== 0) throw closedError();
    } else {
      this.path = String(path);
      this.#owner = true;
      const sync = new Int32Array(new SharedArrayBuffer(8));
      this.#cell = { lib: this.#lib, ptr: openPtr(this.#lib, path), sync };
      registry.register(this, this.#cell, this.#cell);
    }
  }

  /** True after close() (or when the owner of a shared handle closed it). */
  get closed() {
    return this.#cell.ptr === null || Atomics.load(this.#cell.sync, 1) !== 0;
  }

  /** Closes the store; closing again does nothing.  Later calls throw DomcovError (code 1). */
  close() {
    if (this.#owner) {
      registry.unregister(this.#cell);
      closeCell(this.#cell);
    } else {
      this.#cell.ptr = null; // a view: only the owner releases the handle
    }
  }

  /** Opens the store again to see an update; shared views of the old handle become closed. */
  reload() {
    if (!this.#owner) throw new DomcovError('reload() an attached database in its owner', Status.ERR_ARG);
    if (this.closed) throw closedError();
    const ptr = openPtr(this.#lib, this.path);
    const old = this.#cell;
    registry.unregister(old);
    this.#cell = { lib: this.#lib, ptr, sync: new Int32Array(new SharedArrayBuffer(8)) };
    registry.register(this, this.#cell, this.#cell);
    closeCell(old);
  }

  /**
   * A token for worker_threads (postMessage it; domcov.attach(token) in the
   * worker).  Keep this Database open while workers use it.
   */
  share() {
    return this.#use((ptr) => ({
      library: this.#lib.path,
      path: this.path,
      address: typeof ptr === 'bigint' ? ptr : koffi.address(ptr),
      sync: this.#cell.sync.buffer,
    }));
  }

  #use(body) {
    const cell = this.#cell;
    if (cell.ptr === null) throw closedError();
    const s = cell.sync;
    Atomics.add(s, 0, 1);
    try {
      if (Atomics.load(s, 1) !== 0) throw closedError();
      return body(cell.ptr);
    } finally {
      if (Atomics.sub(s, 0, 1) === 1) Atomics.notify(s, 0);
    }
  }

  /** The store's versions, row counts and bounding box. */
  info() {
    const lib = this.#lib;
    return this.#use((ptr) => call(lib, 'domcov_store_info_get', [ptr], T.domcov_store_info, (c) => ({
      format_version: c.format_version,
      data_version: c.data_version,
      built_at: c.built_at,
      source: c.source,
      path: c.path,
      zones: c.zones,
      cities: c.cities,
      streets: c.streets,
      houses: c.houses,
      houses_with_point: c.houses_with_point,
      offices: c.offices,
      bbox: c.has_bbox ? [c.min_lat, c.min_lon, c.max_lat, c.max_lon] : null,
    }), 'domcov_store_info_free'));
  }

  /**
   * Which services cover a point (WGS84 degrees).  {distance: false}: no nearest
   * active zone for an uncovered service (distance_m, nearest_zone_id null);
   * {city: false}: city null.  Both off, a status-only check, is several times faster.
   */
  checkPoint(lat, lon, options = {}) {
    const lib = this.#lib;
    const la = coord(lat, 'lat');
    const lo = coord(lon, 'lon');
    const flags = checkFlags(options.distance, options.city, 'city');
    const withCity = (flags & CHECK_NO_CITY) === 0;
    // Flags 0 calls domcov_check_point, so a library older than the _ex functions still serves it.
    return this.#use((ptr) => call(lib, flags ? 'domcov_check_point_ex' : 'domcov_check_point',
      flags ? [ptr, la, lo, flags] : [ptr, la, lo],
      T.domcov_point_result, (c) => pointResult(c, withCity), 'domcov_point_result_free'));
  }

  /**
   * The status-only check of a point: per service available, status,
   * technology and zone_id (as checkPoint gives them) and zone_count, the
   * number of covering zones; no distances, city or zone list.  The fastest
   * check (domcov_check_point_status: the library allocates nothing).
   */
  pointStatus(lat, lon) {
    const lib = this.#lib;
    const la = coord(lat, 'lat');
    const lo = coord(lon, 'lon');
    return this.#use((ptr) => {
      const c = {};
      check(lib, fn(lib, 'domcov_check_point_status')(ptr, la, lo, c));
      return pointStatusResult(la, lo, c);
    });
  }

  /**
   * Matches a free-text address to a house and checks coverage there.
   * {distance, coverageCity}: as checkPoint's distance and city, for .coverage.
   */
  check(query, options = {}) {
    const lib = this.#lib;
    const [raw, opts, q] = addressArgs(query, options);
    const flags = checkFlags(options.distance, options.coverageCity, 'coverageCity');
    const coverageCity = (flags & CHECK_NO_CITY) === 0;
    return this.#use((ptr) => call(lib, flags ? 'domcov_check_address_ex' : 'domcov_check_address',
      flags ? [ptr, raw, opts, flags] : [ptr, raw, opts],
      T.domcov_address_result, (c) => addressResult(q, c, coverageCity), 'domcov_address_result_free'));
  }

  /**
   * The status-only address check: check()'s status, match_level, qc_house,
   * street_fuzzy, covered, house_id, city_code, lat/lon and coverage at the
   * house (pointStatus's shape: no distances, city or zone list; null
   * without a point); no display address, city phones, parsed address or
   * candidates.  The answer of check(query, {city, distance: false,
   * coverageCity: false}) on every field they share, with the same errors;
   * the fastest address check (domcov_check_address_status: nothing to free).
   * {city}: as check's.
   */
  checkStatus(query, options = {}) {
    const lib = this.#lib;
    const [raw, opts, q] = addressArgs(query, { city: options.city });
    return this.#use((ptr) => {
      const c = {};
      check(lib, fn(lib, 'domcov_check_address_status')(ptr, raw, opts, c));
      return addressStatus(q, c);
    });
  }

  /** Autocomplete for an address being typed. */
  suggest(prefix, options = {}) {
    const lib = this.#lib;
    const raw = text(prefix, 'prefix');
    const opts = matchOptions({ city: options.city });
    const limit = options.limit === undefined ? 10 : int(options.limit, 'limit');
    return this.#use((ptr) => call(lib, 'domcov_suggest', [ptr, raw, opts, limit], T.domcov_suggestions,
      (c) => (c.count > 0 ? koffi.decode(c.items, T.domcov_suggestion, c.count) : []).map((s) => ({
        text: s.text, value: s.value, city_code: s.city_code, house_id: s.house_id, is_house: s.is_house !== 0,
      })), 'domcov_suggestions_free'));
  }

  /**
   * The `limit` (1..NEAREST_OFFICES_MAX, default 5) offices and payment
   * terminals nearest to a point, nearest first; kind 'office', 'terminal',
   * or any (undefined, null or 'any').
   */
  nearestOffices(lat, lon, options = {}) {
    const lib = this.#lib;
    const la = coord(lat, 'lat');
    const lo = coord(lon, 'lon');
    const limit = options.limit === undefined ? 5 : int(options.limit, 'limit');
    const kind = options.kind === undefined || options.kind === null ? 0 : OFFICE_KINDS.indexOf(options.kind);
    if (kind < 0) {
      throw new DomcovError(`kind must be null or one of ${OFFICE_KINDS.join(', ')}, not ${JSON.stringify(options.kind)}`,
        Status.ERR_ARG);
    }
    return this.#use((ptr) => call(lib, 'domcov_nearest_offices', [ptr, la, lo, limit, kind],
      T.domcov_office_list, (c) => (c.count > 0 ? koffi.decode(c.offices, T.domcov_office, c.count) : [])
        .map((o) => ({
          id: o.id,
          kind: name(OFFICE_KINDS, o.kind),
          name: o.name,
          address: o.address,
          hours: o.hours,
          city_code: o.city_code,
          lat: o.lat,
          lon: o.lon,
          distance_m: o.distance_m,
        })), 'domcov_office_list_free'));
  }

  /** The store's cities with their regional phones, in the store's order. */
  cities() {
    const lib = this.#lib;
    return this.#use((ptr) => {
      const n = [0];
      check(lib, fn(lib, 'domcov_city_count')(ptr, n));
      const found = [];
      for (let i = 0; i < n[0]; i++) {
        const c = {};
        check(lib, fn(lib, 'domcov_city_get')(ptr, i, c));
        found.push(addressCity(c));
      }
      return found;
    });
  }

  /**
   * The city with this code ('perm'), else this name in any case ('пермь'), with
   * its phones; null when the store has none such.  For an answer that names no
   * single house: db.city(result.candidates[0].city_code).
   */
  city(codeOrName) {
    const lib = this.#lib;
    const raw = text(codeOrName, 'codeOrName');
    return this.#use((ptr) => {
      const c = {};
      check(lib, fn(lib, 'domcov_city_find')(ptr, raw, c));
      return addressCity(c);
    });
  }

  /** domcov.normalize with this database's library. */
  normalize(query) {
    return normalize(query, { library: this.#lib });
  }

  /** Imports an address register (CSV) into this store, then reloads (unless {reload: false}). */
  importHouses(csvPath, options = {}) {
    if (this.closed) throw closedError();
    const report = importHouses(this.path, csvPath, { ...options, library: this.#lib });
    if (options.reload !== false) this.reload();
    return report;
  }

  toString() {
    return `[domcov.Database ${this.path}${this.closed ? ' closed' : ''}]`;
  }
}

if (typeof Symbol.dispose === 'symbol') {
  Database.prototype[Symbol.dispose] = function dispose() { this.close(); };
}

// ---------------------------------------------------------------------------
// Module functions

/** Opens a coverage store read-only. */
function open(path, options = {}) {
  return new Database(path, options);
}

/** A Database on a handle shared by another thread's Database.share(). */
function attach(shared) {
  return new Database(null, {}, shared);
}

function normalize(query, options = {}) {
  const lib = getLib(options.library);
  return call(lib, 'domcov_normalize', [text(query, 'address')], T.domcov_address, address,
    'domcov_address_free');
}

function delimiter(value) {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'string') {
    if (value.length !== 1) throw new DomcovError('delimiter must be one character', Status.ERR_ARG);
    return value.charCodeAt(0);
  }
  return int(value, 'delimiter');
}

function houseArgs(storePath, csvPath, options) {
  const opts = {
    address_column: optText(options.addressColumn, 'addressColumn'),
    lat_column: optText(options.latColumn, 'latColumn'),
    lon_column: optText(options.lonColumn, 'lonColumn'),
    id_column: optText(options.idColumn, 'idColumn'),
    city: optText(options.city, 'city'),
    delimiter: delimiter(options.delimiter),
    flags: options.strict ? IMPORT_STRICT : 0,
  };
  return [text(storePath, 'storePath'), text(csvPath, 'csvPath'), opts];
}

/**
 * Loads a CSV register of geocoded addresses into a store (created when missing).
 * Options: addressColumn, latColumn, lonColumn, idColumn, city, delimiter,
 * strict, onProgress (called after every `step` rows; total: the file's rows).
 */
function importHouses(storePath, csvPath, options = {}) {
  const lib = getLib(options.library);
  const args = houseArgs(storePath, csvPath, options);
  if (options.onProgress) return runJob(new ImportJob(lib, 'domcov_import_houses_begin', args, options.step), options.onProgress);
  return reportCall(lib, 'domcov_import_houses', args);
}

/** importHouses step by step (total is null for a file that cannot be read twice, a pipe). */
function importHousesIter(storePath, csvPath, options = {}) {
  const lib = getLib(options.library);
  return new ImportJob(lib, 'domcov_import_houses_begin', houseArgs(storePath, csvPath, options), options.step);
}

/** Builds a store from a source directory. */
function buildStore(sourceDir, storePath, options = {}) {
  const lib = getLib(options.library);
  return reportCall(lib, 'domcov_build_store', [text(sourceDir, 'sourceDir'), text(storePath, 'storePath'),
    options.strict ? IMPORT_STRICT : 0]);
}

// ---------------------------------------------------------------------------
// Step-wise imports

const importRegistry = new FinalizationRegistry((cell) => {
  if (cell.ptr !== null) fn(cell.lib, 'domcov_import_free')(cell.ptr);
});

/**
 * An import in progress: iterate it for progress; the store is replaced when
 * the iteration ends (or at commit()), and `report` is set then.
 *
 *   const job = domcov.importZonesIter(store, 'perm.geojson', { city: 'perm' });
 *   for (const p of job) console.log(`${p.done}/${p.total}`);
 *   console.log(job.report.imported);
 *
 * The file was read and the store copied when the job was made (file errors
 * and a held import lock throw there).  Leaving the loop early (break or an
 * exception), close() or garbage collection abandons the import and leaves
 * the store as it was.
 */
class ImportJob {
  #lib;
  #cell; // {lib, ptr}
  #step;

  constructor(lib, begin, args, step = 100) {
    if (!Number.isInteger(step) || step < 1) throw new DomcovError(`step must be an integer of at least 1, not ${step}`, Status.ERR_ARG);
    this.#lib = lib;
    this.#step = step;
    /** The last progress (null before the first step). */
    this.progress = null;
    /** The report, once committed. */
    this.report = null;
    const out = [null];
    check(lib, fn(lib, begin)(...args, out));
    this.#cell = { lib, ptr: out[0] };
    importRegistry.register(this, this.#cell, this.#cell);
  }

  get committed() {
    return this.report !== null;
  }

  get closed() {
    return this.#cell.ptr === null;
  }

  #live() {
    if (this.#cell.ptr === null) throw new DomcovError(`the import is ${this.committed ? 'committed' : 'closed'}`, Status.ERR_ARG);
    return this.#cell.ptr;
  }

  /** Imports up to maxItems (default: the job's step) more features or rows. */
  step(maxItems = this.#step) {
    const ptr = this.#live();
    const n = int(maxItems, 'maxItems');
    if (n < 1) throw new DomcovError('maxItems must be at least 1', Status.ERR_ARG);
    const p = {};
    const status = fn(this.#lib, 'domcov_import_step')(ptr, n, p);
    if (status !== 0) {
      const message = fn(this.#lib, 'domcov_errmsg')(null) || fn(this.#lib, 'domcov_strerror')(status);
      this.close(); // a failed step is fatal: only free may follow
      throw new DomcovError(message, status);
    }
    this.progress = { done: p.done, total: p.total < 0 ? null : p.total, finished: p.finished !== 0 };
    return this.progress;
  }

  /** Imports what is left, replaces the store and returns the report. */
  commit() {
    const ptr = this.#live();
    try {
      this.report = reportCall(this.#lib, 'domcov_import_commit', [ptr]);
    } finally {
      this.close();
    }
    return this.report;
  }

  /** Ends the job; without a commit the store is left unchanged.  Closing again does nothing. */
  close() {
    const cell = this.#cell;
    if (cell.ptr === null) return;
    importRegistry.unregister(cell);
    const ptr = cell.ptr;
    cell.ptr = null;
    fn(this.#lib, 'domcov_import_free')(ptr);
  }

  [Symbol.iterator]() {
    return this;
  }

  next() {
    if (this.#cell.ptr === null) return { done: true, value: undefined };
    if (this.progress && this.progress.finished) {
      this.commit();
      return { done: true, value: undefined };
    }
    return { done: false, value: this.step() };
  }

  // for..of calls this when the loop is left early: the import is abandoned.
  return() {
    this.close();
    return { done: true, value: undefined };
  }
}

if (typeof Symbol.dispose === 'symbol') {
  ImportJob.prototype[Symbol.dispose] = function dispose() { this.close(); };
}

function runJob(job, onProgress) {
  try {
    for (const p of job) onProgress(p);
  } finally {
    job.close();
  }
  return job.report;
}

function zoneArgs(storePath, geojsonPath, options) {
  const opts = {
    service: optText(options.service, 'service'),
    technology: optText(options.technology, 'technology'),
    status: optText(options.status, 'status'),
    city: optText(options.city, 'city'),
    crs: optText(options.crs, 'crs'),
    replace_city: optText(options.replaceCity, 'replaceCity'),
    flags: options.strict ? IMPORT_STRICT : 0,
  };
  return [text(storePath, 'storePath'), text(geojsonPath, 'geojsonPath'), opts];
}

function officeArgs(storePath, file, options) {
  const opts = { crs: optText(options.crs, 'crs'), flags: options.strict ? IMPORT_STRICT : 0 };
  return [text(storePath, 'storePath'), text(file, 'path'), opts];
}

/**
 * Imports a GeoJSON file of zones into a store, atomically (docs/import.md).
 * Options: service, technology, status, city (what features lack), crs,
 * replaceCity (that city's zones the file does not name are deleted: report.deleted),
 * strict, onProgress (called after every `step` features).
 */
function importZones(storePath, geojsonPath, options = {}) {
  const lib = getLib(options.library);
  const args = zoneArgs(storePath, geojsonPath, options);
  if (options.onProgress) return runJob(new ImportJob(lib, 'domcov_import_zones_begin', args, options.step), options.onProgress);
  return reportCall(lib, 'domcov_import_zones', args);
}

/** importZones step by step: an ImportJob to iterate for progress. */
function importZonesIter(storePath, geojsonPath, options = {}) {
  const lib = getLib(options.library);
  return new ImportJob(lib, 'domcov_import_zones_begin', zoneArgs(storePath, geojsonPath, options), options.step);
}

/** Imports offices and payment terminals (CSV or GeoJSON Points) into a store, atomically. */
function importOffices(storePath, file, options = {}) {
  const lib = getLib(options.library);
  const args = officeArgs(storePath, file, options);
  if (options.onProgress) return runJob(new ImportJob(lib, 'domcov_import_offices_begin', args, options.step), options.onProgress);
  return reportCall(lib, 'domcov_import_offices', args);
}

/** importOffices step by step (total is null for CSV). */
function importOfficesIter(storePath, file, options = {}) {
  const lib = getLib(options.library);
  return new ImportJob(lib, 'domcov_import_offices_begin', officeArgs(storePath, file, options), options.step);
}

/**
 * A store's zones (all, or one city's by code or name) as GeoJSON text in
 * zone id order: {features, text}.  Importing the text into another store and
 * exporting again gives the same text.
 */
function exportZones(storePath, city = null, options = {}) {
  const lib = getLib(options.library);
  return call(lib, 'domcov_export_zones', [text(storePath, 'storePath'), optText(city, 'city')],
    T.domcov_export, (c) => ({ features: c.features, text: c.text || '' }), 'domcov_export_free');
}

/** Geodesic distance in metres on WGS84. */
function distanceM(lat1, lon1, lat2, lon2, options = {}) {
  const lib = getLib(options.library);
  const out = [0];
  check(lib, fn(lib, 'domcov_distance_m')(coord(lat1, 'lat1'), coord(lon1, 'lon1'),
    coord(lat2, 'lat2'), coord(lon2, 'lon2'), out));
  return out[0];
}

function version(options = {}) {
  const lib = getLib(options.library);
  return fn(lib, 'domcov_version')();
}

function libraryPath(options = {}) {
  return getLib(options.library).path;
}

function strerror(status, options = {}) {
  return fn(getLib(options.library), 'domcov_strerror')(status);
}

function statusName(status, options = {}) {
  return fn(getLib(options.library), 'domcov_status_name')(status);
}

module.exports = {
  open,
  attach,
  Database,
  normalize,
  importHouses,
  importHousesIter,
  buildStore,
  importZones,
  importZonesIter,
  importOffices,
  importOfficesIter,
  exportZones,
  ImportJob,
  distanceM,
  version,
  libraryPath,
  strerror,
  statusName,
  DomcovError,
  Status,
  IMPORT_STRICT,
  CHECK_NO_DISTANCE,
  CHECK_NO_CITY,
  ADDRESS_MAX_BYTES,
  NEAREST_OFFICES_MAX,
  CITY_MAX_DISTANCE_M,
  QC_HOUSE,
  names: Object.freeze({
    services: SERVICES,
    zoneStatuses: ZONE_STATUSES,
    cityMatches: CITY_MATCHES,
    matchStatuses: MATCH_STATUSES,
    matchLevels: MATCH_LEVELS,
    officeKinds: OFFICE_KINDS,
  }),
};
