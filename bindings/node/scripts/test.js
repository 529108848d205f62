#!/usr/bin/env node
'use strict';
// Runs the binding's `node --test` suite (test/*.test.js) and closes with the
// line "N passed, N failed" that tools/test_summary.py adds up.  Installs the
// dependencies (koffi) first when node_modules lacks them.  Paths of the
// library and the test stores come from the environment (see test/env.js).

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const here = path.resolve(__dirname, '..');

if (!fs.existsSync(path.join(here, 'node_modules', 'koffi', 'package.json'))) {
  process.stderr.write('domcov: installing the node binding\'s dependencies (npm install)\n');
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: here, stdio: ['ignore', process.stderr, process.stderr],
  });
  if (npm.status !== 0) {
    process.stderr.write('domcov: npm install failed in bindings/node\n');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const testDir = path.join(here, 'test');
const files = fs.readdirSync(testDir).filter((f) => f.endsWith('.test.js')).sort()
  .map((f) => path.join(testDir, f));
const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...files], {
  cwd: here, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'],
});
process.stdout.write(run.stdout || '');
const count = (key) => {
  const m = (run.stdout || '').match(new RegExp(`^# ${key} (\\d+)$`, 'm'));
  return m ? Number(m[1]) : 0;
};
const passed = count('pass');
let failed = count('fail') + count('cancelled');
if (run.status !== 0 && failed === 0) failed = 1; // crashed before reporting
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 ? 0 : 1);
