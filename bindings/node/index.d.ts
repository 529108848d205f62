// Type declarations for the domcov Node bindings (index.js).

export type ServiceName = 'internet' | 'tv';
export type ZoneStatus = 'none' | 'active' | 'planned';
/**
 * How a city was found: 'address' only for AddressResult, 'lookup' only for
 * Database.cities()/city() (whose cities have no match field).
 */
export type CityMatch = 'none' | 'zone' | 'nearest' | 'address' | 'lookup';
export type MatchStatus = 'matched' | 'ambiguous' | 'not_found';
export type MatchLevel = 'none' | 'city' | 'street' | 'house_partial' | 'house_exact';
export type OfficeKind = 'office' | 'terminal';

/** One service at a point (Database.pointStatus); ServiceResult adds the distance. */
export interface ServiceStatus {
  /** An active zone covers the point. */
  available: boolean;
  /** Status of the best covering zone. */
  status: ZoneStatus;
  /** "FTTB", "GPON", "DOCSIS", ...; null when status is "none". */
  technology: string | null;
  zone_id: string | null;
}

export interface ServiceResult extends ServiceStatus {
  /** Not available: geodesic metres to the nearest active zone (null: the store has none); 0 when available. */
  distance_m: number | null;
  nearest_zone_id: string | null;
}

/** The city of a point (PointResult.city). */
export interface City {
  match: 'none' | 'zone' | 'nearest';
  code: string | null;
  name: string | null;
  type: string | null;
  region: string | null;
  /** For subscribers. */
  support_phone: string | null;
  /** For new connections. */
  sales_phone: string | null;
  /** To the city centre; null when match is "none". */
  distance_m: number | null;
}

/**
 * A city with its phones: the city an address names or its street belongs to
 * (AddressResult.city, known even when the house is not, or has no point),
 * and the store's cities (Database.cities(), Database.city()).
 */
export interface AddressCity {
  /** "perm" */
  code: string;
  /** "Пермь" */
  name: string;
  /** "г" */
  type: string | null;
  region: string | null;
  /** For subscribers. */
  support_phone: string | null;
  /** For new connections. */
  sales_phone: string | null;
}

export interface ZoneHit {
  zone_id: string;
  service: ServiceName;
  status: 'active' | 'planned';
  technology: string | null;
  name: string | null;
}

export interface PointResult {
  lat: number;
  lon: number;
  /** Some service is available at the point. */
  covered: boolean;
  services: { internet: ServiceResult; tv: ServiceResult };
  /** null when checked with {city: false} (checkPoint) or {coverageCity: false} (check). */
  city: City | null;
  /** Every covering zone, best first. */
  zones: ZoneHit[];
}

/** Database.pointStatus: what covers a point, without distances, city or zone list. */
export interface PointStatus {
  lat: number;
  lon: number;
  /** Some service is available at the point. */
  covered: boolean;
  services: { internet: ServiceStatus; tv: ServiceStatus };
  /** Zones covering the point, all services. */
  zone_count: number;
}

export interface Address {
  canonical: string | null;
  postcode: string | null;
  country: string | null;
  region: string | null;
  region_type: string | null;
  district: string | null;
  district_type: string | null;
  city: string | null;
  city_type: string | null;
  street: string | null;
  street_type: string | null;
  house: string | null;
  letter: string | null;
  korpus: string | null;
  stroenie: string | null;
  flat: string | null;
  flat_type: string | null;
  transliterated: boolean;
  ambiguous: boolean;
}

export interface Candidate {
  address: string | null;
  /** null for a street candidate. */
  house_id: string | null;
  city_code: string | null;
  match_level: MatchLevel;
  /** 0..1, higher is closer. */
  score: number;
  lat: number | null;
  lon: number | null;
}

/** The fields check and checkStatus share; Coverage is PointResult (check) or PointStatus (checkStatus). */
export interface AddressAnswer<Coverage> {
  query: string;
  status: MatchStatus;
  match_level: MatchLevel;
  /** 2 exact, 3 korpus/stroenie/letter differ, 10 not found (as DaData's qc_house). */
  qc_house: number;
  street_fuzzy: boolean;
  /** Some service is available at the house (false without a point). */
  covered: boolean;
  house_id: string | null;
  city_code: string | null;
  /** The house's point; null when unknown. */
  lat: number | null;
  lon: number | null;
  /** Coverage at the house (its lat/lon); null when the house has no point or nothing was matched. */
  coverage: Coverage | null;
}

export interface AddressResult extends AddressAnswer<PointResult> {
  /** Display address of what was matched. */
  address: string | null;
  /** The city and its phones whenever the city is known (also for ambiguous answers, streets, houses without a point). */
  city: AddressCity | null;
  parsed: Address | null;
  candidates: Candidate[];
}

/**
 * Database.checkStatus: AddressResult's fields less the display address, city,
 * parsed address and candidates, with the coverage a PointStatus; the same
 * values as check(text, {distance: false, coverageCity: false}) gives for them.
 */
export type AddressStatus = AddressAnswer<PointStatus>;

export interface Suggestion {
  text: string | null;
  value: string | null;
  city_code: string | null;
  house_id: string | null;
  is_house: boolean;
}

export interface StoreInfo {
  format_version: number;
  data_version: string | null;
  built_at: string | null;
  source: string | null;
  path: string | null;
  zones: number;
  cities: number;
  streets: number;
  houses: number;
  houses_with_point: number;
  offices: number;
  /** [min_lat, min_lon, max_lat, max_lon]; null when the store has no zones. */
  bbox: [number, number, number, number] | null;
}

export interface ImportReport {
  /** Rows and features read. */
  read: number;
  /** Added. */
  imported: number;
  /** Replaced a row with the same id. */
  updated: number;
  /** Houses kept without usable coordinates. */
  without_point: number;
  /** Invalid geometries repaired (and imported). */
  repaired: number;
  /** Rows and features not imported. */
  rejected: number;
  /** Rows the import removed (zones of the replaceCity city that the file does not name). */
  deleted: number;
  /** "zones/perm.geojson: feature 3 (id x): rejected: ..." */
  messages: string[];
}

export interface ImportProgress {
  done: number;
  /** null when not known in advance (offices CSV, a register read from a pipe). */
  total: number | null;
  finished: boolean;
}

export interface Office {
  id: string | null;
  kind: OfficeKind;
  name: string | null;
  address: string | null;
  hours: string | null;
  city_code: string | null;
  lat: number;
  lon: number;
  distance_m: number;
}

export interface ExportResult {
  /** Zones written. */
  features: number;
  /** RFC 7946 GeoJSON FeatureCollection, one feature a line, ending with a newline. */
  text: string;
}

/** A token from Database.share(), to postMessage to a worker and domcov.attach() there. */
export interface SharedHandle {
  library: string;
  path: string;
  address: bigint;
  sync: SharedArrayBuffer;
}

export type Text = string | Uint8Array;

export interface LibraryOption {
  /** The libdomcov to use (default: $DOMCOV_LIBRARY, the checkout's build/lib/libdomcov.so, libdomcov.so.0). */
  library?: string;
}

export interface MatchOptions {
  /** City code or name assumed when the text names none. */
  city?: string;
  /** 0 = 5. */
  maxCandidates?: number;
}

/**
 * What a check may leave out (both default true).  Both false, a status-only
 * check, is several times faster.
 */
export interface CheckPointOptions {
  /** false: no nearest active zone for an uncovered service (distance_m and nearest_zone_id null). */
  distance?: boolean;
  /** false: PointResult.city is null. */
  city?: boolean;
}

export interface CheckOptions extends MatchOptions {
  /** As CheckPointOptions.distance, for AddressResult.coverage. */
  distance?: boolean;
  /** false: AddressResult.coverage.city is null (AddressResult.city, the address's, stays). */
  coverageCity?: boolean;
}

export interface HouseImportOptions extends LibraryOption {
  addressColumn?: string;
  latColumn?: string;
  lonColumn?: string;
  idColumn?: string;
  /** City for addresses that name none (code or name). */
  city?: string;
  /** ',', ';', '\t', '|'; default: detect. */
  delimiter?: string;
  strict?: boolean;
}

export interface StepOptions {
  /** Features or rows per step (default 100). */
  step?: number;
}

export interface ProgressOptions extends StepOptions {
  /** Called after every `step` features or rows; the import then runs step by step. */
  onProgress?: (progress: ImportProgress) => void;
}

export interface ZoneFileOptions extends LibraryOption {
  /** What a feature's properties lack. */
  service?: ServiceName;
  technology?: string;
  /** Default "active". */
  status?: 'active' | 'planned';
  /** City code or name. */
  city?: string;
  /** The CRS of a file without a "crs" member ("EPSG:3857", "EPSG:32640"); default WGS84 lon/lat. */
  crs?: string;
  /** City code or name: its zones the file does not name are deleted (report.deleted).  Also the default city. */
  replaceCity?: string;
  /** Any rejected feature fails the import (DomcovError with .report); nothing is written. */
  strict?: boolean;
}

export interface OfficeFileOptions extends LibraryOption {
  /** GeoJSON without a "crs" member: its CRS; default WGS84 lon/lat. */
  crs?: string;
  strict?: boolean;
}

export interface ZoneImportOptions extends ZoneFileOptions, ProgressOptions {}
export interface HouseImportProgressOptions extends HouseImportOptions, ProgressOptions {}
export interface OfficeImportOptions extends OfficeFileOptions, ProgressOptions {}

export interface NearestOfficesOptions {
  /** 1..NEAREST_OFFICES_MAX; default 5. */
  limit?: number;
  /** Default: offices and terminals. */
  kind?: 'any' | OfficeKind | null;
}

/**
 * An import in progress: iterate it for progress; the store is replaced when
 * the iteration ends (or at commit()).  Leaving the loop early, close() or
 * garbage collection abandons it and leaves the store as it was.
 */
export declare class ImportJob implements IterableIterator<ImportProgress> {
  /** The last progress; null before the first step. */
  readonly progress: ImportProgress | null;
  /** Set once committed. */
  readonly report: ImportReport | null;
  readonly committed: boolean;
  readonly closed: boolean;
  /** Imports up to maxItems (default: the job's step) more features or rows. */
  step(maxItems?: number): ImportProgress;
  /** Imports what is left, replaces the store and returns the report. */
  commit(): ImportReport;
  /** Without a commit the store is left unchanged.  Closing again does nothing. */
  close(): void;
  next(): IteratorResult<ImportProgress, undefined>;
  return(): IteratorResult<ImportProgress, undefined>;
  [Symbol.iterator](): ImportJob;
}

export declare class DomcovError extends Error {
  name: 'DomcovError';
  /** The DOMCOV_ERR_* status; null for errors of the binding (library or function missing). */
  code: number | null;
  /** "DOMCOV_ERR_IO", ...; "DOMCOV_LIBRARY_NOT_FOUND" / "DOMCOV_FUNCTION_UNAVAILABLE" for binding errors. */
  status: string;
  /** From an import refused in strict mode: what was rejected. */
  report?: ImportReport;
  /** Set when the database was closed. */
  closed?: true;
}

export declare class Database {
  readonly path: string;
  readonly closed: boolean;
  info(): StoreInfo;
  checkPoint(lat: number, lon: number, options?: CheckPointOptions): PointResult;
  /** The status-only check: checkPoint's services less the distances, and zone_count; the fastest. */
  pointStatus(lat: number, lon: number): PointStatus;
  check(address: Text, options?: CheckOptions): AddressResult;
  /** The status-only check: check's answer less address, city, parsed, candidates and distances; the fastest. */
  checkStatus(address: Text, options?: { city?: string }): AddressStatus;
  suggest(prefix: Text, options?: { limit?: number; city?: string }): Suggestion[];
  /** Nearest first. */
  nearestOffices(lat: number, lon: number, options?: NearestOfficesOptions): Office[];
  normalize(address: Text): Address;
  /** The store's cities with their regional phones, in the store's order. */
  cities(): AddressCity[];
  /** The city with this code, else this name (any case); null when the store has none such. */
  city(codeOrName: Text): AddressCity | null;
  /** Imports into this store, then reloads it unless {reload: false}. */
  importHouses(csvPath: string, options?: HouseImportProgressOptions & { reload?: boolean }): ImportReport;
  reload(): void;
  /** Closing again does nothing; later calls throw DomcovError with code 1. */
  close(): void;
  share(): SharedHandle;
}

export declare function open(path: string, options?: LibraryOption): Database;
export declare function attach(shared: SharedHandle): Database;
export declare function normalize(address: Text, options?: LibraryOption): Address;
export declare function importHouses(storePath: string, csvPath: string, options?: HouseImportProgressOptions): ImportReport;
export declare function importHousesIter(storePath: string, csvPath: string, options?: HouseImportOptions & StepOptions): ImportJob;
export declare function buildStore(sourceDir: string, storePath: string, options?: LibraryOption & { strict?: boolean }): ImportReport;
export declare function importZones(storePath: string, geojsonPath: string, options?: ZoneImportOptions): ImportReport;
export declare function importZonesIter(storePath: string, geojsonPath: string, options?: ZoneFileOptions & StepOptions): ImportJob;
export declare function importOffices(storePath: string, path: string, options?: OfficeImportOptions): ImportReport;
export declare function importOfficesIter(storePath: string, path: string, options?: OfficeFileOptions & StepOptions): ImportJob;
export declare function exportZones(storePath: string, city?: string | null, options?: LibraryOption): ExportResult;
export declare function distanceM(lat1: number, lon1: number, lat2: number, lon2: number, options?: LibraryOption): number;
export declare function version(options?: LibraryOption): string;
export declare function libraryPath(options?: LibraryOption): string;
export declare function strerror(status: number, options?: LibraryOption): string;
export declare function statusName(status: number, options?: LibraryOption): string;

export declare const Status: Readonly<{
  OK: 0; ERR_ARG: 1; ERR_NOMEM: 2; ERR_IO: 3; ERR_NOT_STORE: 4; ERR_FORMAT_VERSION: 5;
  ERR_CORRUPT: 6; ERR_DATABASE: 7; ERR_INPUT: 8; ERR_INTERNAL: 9; ERR_GEOMETRY: 10; ERR_TOO_LARGE: 11;
}>;
export declare const IMPORT_STRICT: 1;
/** DOMCOV_CHECK_NO_DISTANCE, DOMCOV_CHECK_NO_CITY: what {distance: false} and {city: false} pass. */
export declare const CHECK_NO_DISTANCE: 1;
export declare const CHECK_NO_CITY: 2;
export declare const ADDRESS_MAX_BYTES: 4096;
export declare const NEAREST_OFFICES_MAX: 1000;
export declare const CITY_MAX_DISTANCE_M: 50000;
/** AddressResult.qc_house values (as DaData's qc_house). */
export declare const QC_HOUSE: Readonly<{ EXACT: 2; EXTENSION: 3; NOT_FOUND: 10 }>;
export declare const names: Readonly<{
  services: ServiceName[];
  zoneStatuses: ZoneStatus[];
  cityMatches: CityMatch[];
  matchStatuses: MatchStatus[];
  matchLevels: MatchLevel[];
  officeKinds: ('any' | OfficeKind)[];
}>;
