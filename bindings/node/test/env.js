'use strict';
// Paths for the tests, from the environment the meson test sets
// (tests/bindings/meson.build), else from the checkout's build tree.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const repo = path.resolve(__dirname, '..', '..', '..');
const build = path.join(repo, 'build');

if (!process.env.DOMCOV_LIBRARY && fs.existsSync(path.join(build, 'lib', 'libdomcov.so')))
  process.env.DOMCOV_LIBRARY = path.join(build, 'lib', 'libdomcov.so');

function need(variable, fallback, what) {
  const file = process.env[variable] || fallback;
  if (!fs.existsSync(file))
    throw new Error(`${what} not found at ${file}: build the checkout (meson setup build && ninja -C build) or set ${variable}`);
  return file;
}

const created = [];
process.on('exit', () => {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

const env = {
  repo,
  get sample() { return need('DOMCOV_TEST_SAMPLE', path.join(build, 'data', 'sample.sqlite'), 'the sample store'); },
  get unit() { return need('DOMCOV_TEST_UNIT', path.join(build, 'tests', 'unit.sqlite'), 'the unit store'); },
  get unitData() { return need('DOMCOV_TEST_UNIT_DATA', path.join(repo, 'tests', 'data', 'unit'), 'the unit store sources'); },
  pointCases: path.join(repo, 'tests', 'cases', 'point.tsv'),
  matchCases: path.join(repo, 'tests', 'cases', 'match.tsv'),
  chatbot: path.join(repo, 'examples', 'node', 'chatbot.js'),
  // The ABI of domcov.h from tests/bindings/layout_dump, or null when it was not built.
  layout() {
    const file = process.env.DOMCOV_TEST_LAYOUT || path.join(build, 'tests', 'bindings', 'layout_dump');
    if (!fs.existsSync(file)) {
      if (process.env.DOMCOV_TEST_LAYOUT) throw new Error(`DOMCOV_TEST_LAYOUT=${file} does not exist`);
      return null;
    }
    return JSON.parse(execFileSync(file, { encoding: 'utf8' }));
  },
  // Row counts of the unit store, worked out from its sources (which grow).
  unitCounts() {
    const dir = env.unitData;
    const rows = (file) => {
      const [head, ...lines] = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
      const cols = head.split(',');
      return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
    };
    const houses = fs.readdirSync(path.join(dir, 'houses')).filter((f) => f.endsWith('.csv')).sort()
      .flatMap((f) => rows(path.join(dir, 'houses', f)));
    const zones = fs.readdirSync(path.join(dir, 'zones')).filter((f) => f.endsWith('.geojson'))
      .reduce((n, f) => n + JSON.parse(fs.readFileSync(path.join(dir, 'zones', f), 'utf8')).features.length, 0);
    return {
      zones,
      cities: rows(path.join(dir, 'cities.csv')).length,
      streets: new Set(houses.map((h) => `${h.city}|${h.street_type}|${h.street}`)).size,
      houses: houses.length,
      houses_with_point: houses.filter((h) => h.lat && h.lon).length,
      offices: 0,
    };
  },
  tmpdir() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'domcov-node-'));
    created.push(dir);
    return dir;
  },
  // A writable copy of the unit store.
  unitCopy() {
    const dir = env.tmpdir();
    const file = path.join(dir, 'unit.sqlite');
    fs.copyFileSync(env.unit, file);
    return file;
  },
};

module.exports = env;
