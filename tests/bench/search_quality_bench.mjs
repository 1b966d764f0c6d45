#!/usr/bin/env node
// Search-quality benchmark (issue 20): the site's search in Chromium against
// the ground truth that tests/bench/make_quality_corpus.py computed from the
// corpus text. Prints, per class of query (soft-break, long-vowel, unit,
// reading, ordinary), recall and precision summed over the class's queries,
// and the queries that missed or over-found; and the index size. Prints
// figures; never fails because the figures are poor.
//
//   node tests/bench/search_quality_bench.mjs <dist/all directory> <ground_truth.json>
//
// recall    = relevant documents found / relevant documents
// precision = relevant documents found / documents found
// Exit codes: 0 done, 1 the benchmark itself failed, 2 usage.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { loadChromium, launch, offlineContext } from '../browser/lib.mjs';

const TOOL = 'search_quality_bench';
const args = process.argv.slice(2);
if (args.length !== 2 || args[0].startsWith('-')) {
  console.error('usage: node tests/bench/search_quality_bench.mjs <dist/all directory> <ground_truth.json>');
  process.exit(2);
}
const siteDir = path.resolve(args[0]);
const truth = JSON.parse(fs.readFileSync(args[1], 'utf8'));
const searchDir = path.join(siteDir, 'search');
if (!fs.existsSync(path.join(searchDir, 'index.js'))) {
  console.error(`${TOOL}: ${searchDir}/index.js does not exist`);
  process.exit(2);
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
let raw = 0, gz = 0, files = 0;
for (const f of fs.readdirSync(searchDir).filter((n) => n.endsWith('.js'))) {
  const bytes = fs.readFileSync(path.join(searchDir, f));
  raw += bytes.length;
  gz += zlib.gzipSync(bytes, { level: 9 }).length;
  files++;
}
console.log(`${TOOL}: ${siteDir}, ${truth.documents} documents, ${truth.queries.length} queries`);
console.log(`  index: ${files} files, ${kib(raw)} raw, ${kib(gz)} gzipped (each file gzip -9)`);

const chromium = await loadChromium(TOOL);
const browser = await launch(chromium);
try {
  const { context } = await offlineContext(browser, { siteDir });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(path.join(siteDir, 'index.html')).href, { waitUntil: 'load' });
  await page.focus('#tebiki-search-input');   // every client version loads the whole index on focus
  await page.waitForFunction(() => window.tebikiSearch && window.tebikiSearch.ready, null, { timeout: 120000 });
  const found = await page.evaluate((qs) => qs.map((q) => window.tebikiSearch.search(q).map((r) => r.id)),
    truth.queries.map((q) => q.query));
  await context.close();
  if (errors.length) console.log(`  console errors: ${errors.join(' | ')}`);

  const classes = new Map();
  truth.queries.forEach((q, k) => {
    const relevant = new Set(q.relevant);
    const got = found[k];
    const hits = got.filter((id) => relevant.has(id)).length;
    const c = classes.get(q.class) ?? { queries: 0, relevant: 0, found: 0, hits: 0, perfect: 0, misses: [] };
    c.queries++;
    c.relevant += relevant.size;
    c.found += got.length;
    c.hits += hits;
    if (hits === relevant.size && got.length === hits) c.perfect++;
    else c.misses.push(`${q.query}: ${hits}/${relevant.size} found, ${got.length - hits} not relevant`);
    classes.set(q.class, c);
  });
  const pct = (a, b) => (b ? `${(100 * a / b).toFixed(1)}%` : '-');
  console.log(`  ${'class'.padEnd(11)} ${'queries'.padStart(7)} ${'recall'.padStart(8)} ${'precision'.padStart(10)}  exact`);
  for (const [name, c] of classes) {
    console.log(`  ${name.padEnd(11)} ${String(c.queries).padStart(7)} ${pct(c.hits, c.relevant).padStart(8)} ` +
      `${pct(c.hits, c.found).padStart(10)}  ${c.perfect}/${c.queries}`);
    for (const m of c.misses.slice(0, 4)) console.log(`      ${m}`);
  }
} catch (e) {
  console.error(`${TOOL}: ${e.stack || e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
