'use strict';
// Opening, closing, reloading; finding the library.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const env = require('./env');
const domcov = require('..');
const ffi = require('../lib/ffi');

test('close twice; using a closed database throws', () => {
  const db = domcov.open(env.unit);
  assert.equal(db.closed, false);
  assert.ok(db.checkPoint(50.02, 30.02).covered);
  db.close();
  db.close();
  assert.equal(db.closed, true);
  assert.match(String(db), /closed/);
  for (const call of [() => db.checkPoint(50, 30), () => db.info(), () => db.check('Ленина 1'),
    () => db.suggest('Лен'), () => db.reload(), () => db.share(), () => db.importHouses('x.csv')]) {
    assert.throws(call, (e) => e instanceof domcov.DomcovError && e.code === domcov.Status.ERR_ARG && e.closed === true);
  }
});

test('reload sees a replaced store', () => {
  const store = env.unitCopy();
  const db = domcov.open(store);
  try {
    assert.equal(db.info().data_version, 'unit-1');
    const next = `${store}.next`;
    fs.copyFileSync(env.sample, next);
    fs.renameSync(next, store);
    assert.equal(db.info().data_version, 'unit-1'); // the open handle keeps its data
    db.reload();
    assert.equal(db.info().cities, 4);
  } finally {
    db.close();
  }
});

test('Symbol.dispose closes when the runtime has it', { skip: typeof Symbol.dispose !== 'symbol' }, () => {
  const db = domcov.open(env.unit);
  db[Symbol.dispose]();
  assert.equal(db.closed, true);
});

test('explicit library path', () => {
  const lib = process.env.DOMCOV_LIBRARY;
  assert.equal(domcov.libraryPath({ library: lib }), lib);
  assert.match(domcov.version({ library: lib }), /^\d+\.\d+\.\d+$/);
  const db = domcov.open(env.unit, { library: lib });
  assert.equal(db.info().zones, 4);
  db.close();
});

function lookup(extraEnv) {
  const childEnv = { ...process.env, ...extraEnv };
  if (extraEnv.DOMCOV_LIBRARY === undefined) delete childEnv.DOMCOV_LIBRARY;
  try {
    return execFileSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(path.resolve(__dirname, '..'))}).libraryPath())`],
      { env: childEnv, cwd: '/', encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    return `ERROR ${e.stderr}`;
  }
}

test('lookup order: $DOMCOV_LIBRARY, the build tree, the soname', () => {
  const lib = process.env.DOMCOV_LIBRARY;
  assert.equal(lookup({ DOMCOV_LIBRARY: lib }), lib);
  const build = ffi.buildTreeLibrary();
  const got = lookup({});
  if (build) assert.equal(got, build);
  else assert.ok(got === ffi.SONAME || /DOMCOV_LIBRARY_NOT_FOUND|libdomcov not found/.test(got), got);
});
