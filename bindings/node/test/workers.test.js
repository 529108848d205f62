'use strict';
// One native handle used from worker_threads at once (Database.share / domcov.attach).

const test = require('node:test');
const assert = require('node:assert/strict');
const { Worker } = require('node:worker_threads');
const env = require('./env');
const domcov = require('..');

const WORKERS = 4;

const workerCode = `
const { parentPort, workerData } = require('node:worker_threads');
process.env.DOMCOV_LIBRARY = workerData.library;
const domcov = require(workerData.module);
const db = domcov.attach(workerData.shared);
if (workerData.mode === 'compare') {
  let mismatches = 0, errors = 0;
  for (let round = 0; round < 3; round++) {
    workerData.queries.forEach((q, i) => {
      const got = q.kind === 'p' ? db.checkPoint(q.lat, q.lon) : q.kind === 's' ? db.checkStatus(q.text) : db.check(q.text);
      if (JSON.stringify(got) !== workerData.expected[i]) mismatches++;
    });
    const lat = 91 + workerData.index;
    try { db.checkPoint(lat, 30); } catch (e) { if (!e.message.includes('latitude ' + lat + ' ')) errors++; }
  }
  parentPort.postMessage({ mismatches, errors });
} else {
  let ok = 0, closed = false;
  parentPort.postMessage({ started: true });
  const stop = Date.now() + 10000;
  while (Date.now() < stop) {
    try { db.checkPoint(50.02, 30.02); ok++; } catch (e) { closed = e.closed === true; break; }
  }
  parentPort.postMessage({ ok, closed });
}
`;

function runWorker(data, onStarted) {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerCode, { eval: true, workerData: data });
    let result = null;
    w.on('message', (m) => { if (m.started) onStarted?.(); else result = m; });
    w.on('error', reject);
    w.on('exit', (code) => (code === 0 ? resolve(result) : reject(new Error(`worker exit ${code}`))));
  });
}

test('workers share one handle and get the single-threaded answers', async () => {
  const db = domcov.open(env.sample);
  try {
    const queries = [];
    for (let i = 0; i < 200; i++) queries.push({ kind: 'p', lat: 57.98 + (i % 20) * 0.0025, lon: 56.2 + Math.floor(i / 20) * 0.01 });
    for (const text of ['Пермь, Ленина 50', 'Ленина 5', 'Екатеринбург, ул. Малышева, 16', 'Москва, Тверская 1'])
      queries.push({ kind: 'a', text }, { kind: 's', text }); // 's': checkStatus, the db's strings copied in the call
    const answer = (q) => (q.kind === 'p' ? db.checkPoint(q.lat, q.lon) : q.kind === 's' ? db.checkStatus(q.text) : db.check(q.text));
    const expected = queries.map((q) => JSON.stringify(answer(q)));
    const shared = db.share();
    const results = await Promise.all(Array.from({ length: WORKERS }, (_, index) => runWorker({
      mode: 'compare', index, shared, queries, expected, module: require.resolve('..'), library: process.env.DOMCOV_LIBRARY,
    })));
    assert.deepEqual(results, Array(WORKERS).fill({ mismatches: 0, errors: 0 }));
  } finally {
    db.close();
  }
});

test('closing the owner waits for workers, which then see it closed', async () => {
  const db = domcov.open(env.unit);
  const shared = db.share();
  let started = 0;
  const closeWhenAllStarted = () => { if (++started === WORKERS) setTimeout(() => db.close(), 50); };
  const results = await Promise.all(Array.from({ length: WORKERS }, (_, index) => runWorker({
    mode: 'hammer', index, shared, module: require.resolve('..'), library: process.env.DOMCOV_LIBRARY,
  }, closeWhenAllStarted)));
  assert.equal(db.closed, true);
  for (const r of results) assert.equal(r.closed, true);
  assert.throws(() => domcov.attach(shared), (e) => e.closed === true);
});
