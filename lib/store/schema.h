/* The coverage store's schema: shared by the reader and the writer (docs/store-format.md). */
#ifndef DC_SCHEMA_H
#define DC_SCHEMA_H

/* PRAGMA application_id of every domcov store: "DCOV". */
#define DC_STORE_APPLICATION_ID 0x44434F56
/* PRAGMA user_version written by this library. */
#define DC_STORE_FORMAT_CURRENT 1

/*
 * Tables, created by the writer after InitSpatialMetadata(1); geometry
 * columns are added with AddGeometryColumn (SRID 4326) and get spatial
 * indexes.  The reader needs no SpatiaLite: it decodes the geometry blobs.
 */
#define DC_SCHEMA_SQL \
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n" \
    "CREATE TABLE cities (\n" \
    "  id INTEGER PRIMARY KEY,\n" \
    "  code TEXT NOT NULL UNIQUE,\n" \
    "  name TEXT NOT NULL,\n" \
    "  name_key TEXT NOT NULL,\n" \
    "  type TEXT NOT NULL DEFAULT 'г',\n" \
    "  region TEXT NOT NULL DEFAULT '',\n" \
    "  lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),\n" \
    "  lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),\n" \
    "  support_phone TEXT NOT NULL,\n" \
    "  sales_phone TEXT NOT NULL,\n" \
    "  timezone TEXT NOT NULL DEFAULT '');\n" \
    "CREATE TABLE zones (\n" \
    "  id INTEGER PRIMARY KEY,\n" \
    "  zone_id TEXT NOT NULL UNIQUE,\n" \
    "  service TEXT NOT NULL CHECK (service IN ('internet', 'tv')),\n" \
    "  technology TEXT NOT NULL,\n" \
    "  status TEXT NOT NULL CHECK (status IN ('active', 'planned')),\n" \
    "  city_id INTEGER REFERENCES cities(id),\n" \
    "  name TEXT);\n" \
    "CREATE TABLE streets (\n" \
    "  id INTEGER PRIMARY KEY,\n" \
    "  city_id INTEGER NOT NULL REFERENCES cities(id),\n" \
    "  type TEXT NOT NULL,\n" \
    "  name TEXT NOT NULL,\n" \
    "  name_key TEXT NOT NULL,\n" \
    "  UNIQUE (city_id, type, name));\n" \
    "CREATE INDEX streets_key ON streets(city_id, name_key);\n" \
    "CREATE TABLE houses (\n" \
    "  id INTEGER PRIMARY KEY,\n" \
    "  ext_id TEXT NOT NULL UNIQUE,\n" \
    "  street_id INTEGER NOT NULL REFERENCES streets(id),\n" \
    "  number TEXT NOT NULL,\n" \
    "  letter TEXT NOT NULL DEFAULT '',\n" \
    "  korpus TEXT NOT NULL DEFAULT '',\n" \
    "  stroenie TEXT NOT NULL DEFAULT '',\n" \
    "  address TEXT NOT NULL,\n" \
    "  lat REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),\n" \
    "  lon REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180));\n" \
    "CREATE INDEX houses_street ON houses(street_id, number);\n" \
    "CREATE TABLE offices (\n" \
    "  id INTEGER PRIMARY KEY,\n" \
    "  ext_id TEXT NOT NULL UNIQUE,\n" \
    "  city_id INTEGER REFERENCES cities(id),\n" \
    "  kind TEXT NOT NULL CHECK (kind IN ('office', 'terminal')),\n" \
    "  name TEXT NOT NULL,\n" \
    "  address TEXT NOT NULL,\n" \
    "  hours TEXT NOT NULL DEFAULT '',\n" \
    "  lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),\n" \
    "  lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180));\n"

/*
 * Geometry columns and spatial indexes: each statement must return 1
 * (SpatiaLite reports failure as 0, not as an SQL error).
 */
#define DC_SCHEMA_GEOMETRY_STATEMENTS \
    "SELECT AddGeometryColumn('cities', 'centre', 4326, 'POINT', 'XY')", \
    "SELECT AddGeometryColumn('zones', 'geom', 4326, 'MULTIPOLYGON', 'XY', 1)", \
    "SELECT CreateSpatialIndex('zones', 'geom')", \
    "SELECT AddGeometryColumn('houses', 'geom', 4326, 'POINT', 'XY')", \
    "SELECT CreateSpatialIndex('houses', 'geom')", \
    "SELECT AddGeometryColumn('offices', 'geom', 4326, 'POINT', 'XY', 1)", \
    "SELECT CreateSpatialIndex('offices', 'geom')"

#endif
