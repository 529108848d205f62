// Type declarations for the domcov Node bindings (index.js).

export type ServiceName = 'internet' | 'tv';
export type ZoneStatus = 'none' | 'active' | 'planned';
export type CityMatch = 'none' | 'zone' | 'nearest';
export type MatchStatus = 'matched' | 'ambiguous' | 'not_found';
export type MatchLevel = 'none' | 'city' | 'street' | 'house_partial' | 'house_exact';
export type OfficeKind = 'office' | 'terminal';

export interface ServiceResult {
  /** An active zone covers the point. */
  available: boolean;
  /** Status of the best covering zone. */
  status: ZoneStatus;
  /** "FTTB", "GPON", "DOCSIS", ...; null when status is "none". */
  technology: string | null;
  zone_id: string | null;
  /** Not available: geodesic metres to the nearest active zone (null: the store has none); 0 when available. */
  distance_m: number | null;
  nearest_zone_id: string | null;
}

export interface City {
  match: CityMatch;
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
  city: City;
  /** Every covering zone, best first. */
  zones: ZoneHit[];
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

export interface AddressResult {
  query: string;
  status: MatchStatus;
  match_level: MatchLevel;
  /** 2 exact, 3 korpus/stroenie/letter differ, 10 not found (as DaData's qc_house). */
  qc_house: number;
  street_fuzzy: boolean;
  covered: boolean;
  address: string | null;
  house_id: string | null;
  city_code: string | null;
  lat: number | null;
  lon: number | null;
  /** Coverage at the house; null when the house has no point or nothing was matched. */
  coverage: PointResult | null;
  parsed: Address | null;
  candidates: Candidate[];
}

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
  read: number;
  imported: number;
  updated: number;
  without_point: number;
  repaired: number;
  rejected: number;
  deleted: number;
  messages: string[];
}

export interface ImportProgress {
  done: number;
  /** null when not known in advance (CSV). */
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
  features: number;
  /** GeoJSON FeatureCollection. */
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

export interface ProgressOptions {
  /** Called after every `step` features or rows; the import then runs step by step. */
  onProgress?: (progress: ImportProgress) => void;
  step?: number;
}

export interface ZoneImportOptions extends LibraryOption, ProgressOptions {
  service?: ServiceName;
  technology?: string;
  status?: 'active' | 'planned';
  city?: string;
  crs?: string;
  replaceCity?: string;
  strict?: boolean;
}

export interface OfficeImportOptions extends LibraryOption, ProgressOptions {
  crs?: string;
  strict?: boolean;
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
  checkPoint(lat: number, lon: number): PointResult;
  check(address: Text, options?: MatchOptions): AddressResult;
  suggest(prefix: Text, options?: { limit?: number; city?: string }): Suggestion[];
  nearestOffices(lat: number, lon: number, options?: { limit?: number; kind?: 'any' | OfficeKind }): Office[];
  normalize(address: Text): Address;
  /** Imports into this store, then reloads it unless {reload: false}. */
  importHouses(csvPath: string, options?: HouseImportOptions & { reload?: boolean }): ImportReport;
  reload(): void;
  /** Closing again does nothing; later calls throw DomcovError with code 1. */
  close(): void;
  share(): SharedHandle;
}

export declare function open(path: string, options?: LibraryOption): Database;
export declare function attach(shared: SharedHandle): Database;
export declare function normalize(address: Text, options?: LibraryOption): Address;
export declare function importHouses(storePath: string, csvPath: string, options?: HouseImportOptions): ImportReport;
export declare function buildStore(sourceDir: string, storePath: string, options?: LibraryOption & { strict?: boolean }): ImportReport;
export declare function importZones(storePath: string, geojsonPath: string, options?: ZoneImportOptions): ImportReport;
export declare function importOffices(storePath: string, path: string, options?: OfficeImportOptions): ImportReport;
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
export declare const ADDRESS_MAX_BYTES: 4096;
export declare const NEAREST_OFFICES_MAX: 1000;
export declare const names: Readonly<{
  services: ServiceName[];
  zoneStatuses: ZoneStatus[];
  cityMatches: CityMatch[];
  matchStatuses: MatchStatus[];
  matchLevels: MatchLevel[];
  officeKinds: ('any' | OfficeKind)[];
}>;
