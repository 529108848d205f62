#!/usr/bin/env node
'use strict';
// A chat-bot handler: "можно ли подключить интернет по адресу …" → an answer in Russian.
//
//   $ node examples/node/chatbot.js "Можно ли подключить интернет по адресу Пермь, Ленина 50?"
//   $ node examples/node/chatbot.js            # one question a line from stdin
//
// answer(text) finds the address in the question, checks it with libdomcov and
// says which services can be connected (with their technology); when only a
// planned zone covers the house, that it is planned; when nothing covers it,
// how far the nearest coverage is; when the address is ambiguous, the
// candidates to choose from.  Whenever the city is known (even when the house
// is not, or has no point) the answer ends with the city's number for new
// connections.
//
// The store is --store PATH, else $DOMCOV_STORE, else the checkout's sample
// store (build/data/sample.sqlite), else the installed one.

const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

let domcov;
try {
  domcov = require('domcov');
} catch {
  domcov = require(path.resolve(__dirname, '..', '..', 'bindings', 'node')); // run from a checkout
}

const LABELS = { internet: 'интернет', tv: 'ТВ' };

// \b does not work for Cyrillic in JS regexps, hence the explicit boundaries.
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const ADDRESS = new RegExp(`(?:${B}по\\s+адресу|${B}адрес)\\s*[:\\-—–]?\\s*(.+)$`, 'isu');
const TV = new RegExp(`${B}(?:тв|телевидени\\p{L}*|телевизор\\p{L}*|tv)${E}`, 'iu');
const INTERNET = new RegExp(`${B}(?:интернет\\p{L}*|инет\\p{L}*|internet|wi-?fi)${E}`, 'iu');
const TRIM = /^[\s?!.,;:«»"'“”„]+|[\s?!.,;:«»"'“”„]+$/g;

/** The address part of a question; the whole text when it has no lead-in but has a digit; null when none. */
function extractAddress(text) {
  const m = text.match(ADDRESS);
  const address = (m ? m[1] : /\d/.test(text) ? text : '').replace(TRIM, '');
  return address || null;
}

/** The services the question is about: internet, TV, or both when it names neither. */
function askedServices(text) {
  const asked = [];
  if (INTERNET.test(text)) asked.push('internet');
  if (TV.test(text)) asked.push('tv');
  return asked.length ? asked : ['internet', 'tv'];
}

/** 430 м, 1,2 км (a Russian decimal comma). */
function formatDistance(metres) {
  if (metres < 1000) return `${Math.round(metres)} м`;
  return `${(metres / 1000).toFixed(1).replace('.', ',')} км`;
}

const join = (items) => (items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} и ${items.at(-1)}`);

// The number for new connections in the address's city: the city the address
// names or its street belongs to, else the city of the house's point.
function salesPhone(r) {
  if (r.city && r.city.sales_phone) return r.city.sales_phone;
  if (r.coverage && r.coverage.city.match !== 'none') return r.coverage.city.sales_phone;
  return null;
}

const call = (phone) => (phone ? ` Телефон для подключения: ${phone}.` : '');

function coverageAnswer(address, coverage, asked, phone) {
  const { services } = coverage;
  const available = Object.entries(services).filter(([, s]) => s.available)
    .map(([name, s]) => `${LABELS[name]} (${s.technology})`);
  if (asked.some((name) => services[name].available)) {
    return `Да, по адресу ${address} можно подключить ${join(available)}.${call(phone)}`;
  }
  const what = join(asked.map((name) => LABELS[name]));
  const planned = asked.map((name) => services[name]).filter((s) => s.status === 'planned');
  let text;
  if (planned.length) {
    const techs = join([...new Set(planned.map((s) => s.technology || ''))].sort());
    text = `По адресу ${address} ${what} пока не подключить, но подключение планируется (${techs}).`;
  } else {
    text = `К сожалению, по адресу ${address} ${what} пока не подключить.`;
    const distances = asked.map((name) => services[name].distance_m).filter((d) => d !== null);
    if (distances.length) text += ` Ближайшая зона покрытия — в ${formatDistance(Math.min(...distances))} от дома.`;
  }
  if (available.length) text += ` Зато можно подключить ${join(available)}.`;
  return text + call(phone);
}

let defaultDb = null;

function defaultStore() {
  if (process.env.DOMCOV_STORE) return process.env.DOMCOV_STORE;
  const candidates = [path.resolve(__dirname, '..', '..', 'build', 'data', 'sample.sqlite'),
    '/usr/local/share/domcov/sample.sqlite', '/usr/share/domcov/sample.sqlite'];
  return candidates.find((p) => fs.existsSync(p)) || candidates[0];
}

/** The bot's reply to one message (db: an open domcov.Database; default: the default store). */
function answer(text, db = null) {
  const address = extractAddress(text);
  if (address === null) {
    return 'Напишите адрес, и я проверю, можно ли к нему подключиться. Например: '
      + '«Можно ли подключить интернет по адресу Пермь, Ленина 50?»';
  }
  if (!db) db = defaultDb || (defaultDb = domcov.open(defaultStore()));
  let r;
  try {
    r = db.check(address);
  } catch (e) {
    if (e instanceof domcov.DomcovError && (e.code === domcov.Status.ERR_ARG || e.code === domcov.Status.ERR_TOO_LARGE))
      return 'Не получилось прочитать адрес. Напишите, пожалуйста, город, улицу и номер дома.';
    throw e;
  }
  const phone = salesPhone(r);
  if (r.status === 'ambiguous' || (r.status === 'not_found' && r.match_level === 'street' && r.candidates.length)) {
    if (r.candidates.every((c) => c.house_id === null)) { // the street is known, the house is not
      const streets = r.candidates.slice(0, 3).map((c) => c.address).join(' или ');
      return `Нашли улицу (${streets}), но не дом. Уточните, пожалуйста, номер дома.${call(phone)}`;
    }
    const options = r.candidates.slice(0, 5).map((c, i) => `${i + 1}) ${c.address}`).join('; ');
    return `Уточните адрес: ${options}?${call(phone)}`;
  }
  if (r.status === 'not_found') {
    return `К сожалению, не удалось найти адрес «${address}». Проверьте, пожалуйста, город, улицу и номер дома.${call(phone)}`;
  }
  const shown = r.address || address;
  if (!r.coverage) {
    return `Адрес ${shown} есть в нашем реестре, но без координат, поэтому проверить подключение `
      + `автоматически не получилось. Оставьте, пожалуйста, телефон — мы проверим вручную.${call(phone)}`;
  }
  return coverageAnswer(shown, r.coverage, askedServices(text), phone);
}

async function main(argv) {
  let store = null;
  const words = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--store') store = argv[++i];
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('Usage: chatbot.js [--store PATH] [QUESTION...]  (no question: one a line from stdin)');
      return 0;
    } else words.push(argv[i]);
  }
  let db;
  try {
    db = domcov.open(store || defaultStore());
  } catch (e) {
    console.error(`chatbot: ${e.status ? `${e.status}: ` : ''}${e.message}`);
    return 3;
  }
  try {
    if (words.length) {
      console.log(answer(words.join(' '), db));
    } else {
      for await (const line of readline.createInterface({ input: process.stdin })) {
        if (line.trim()) console.log(answer(line, db));
      }
    }
  } finally {
    db.close();
  }
  return 0;
}

module.exports = { answer, extractAddress, askedServices, formatDistance, salesPhone, defaultStore };

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
