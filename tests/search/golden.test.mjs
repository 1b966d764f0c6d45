#!/usr/bin/env node
// The golden search cases (tests/search/queries.yml) run against the JS
// client, inside headless Chromium, on a published site:
//
//   node tests/search/golden.test.mjs <dist/it directory> [--cases FILE]
//
// Opens the site's index.html over file://, waits for window.tebikiSearch and
// calls window.tebikiSearch.search(query, {includeObsolete}) for every case.
// The cases are written for the `it` site of the sample content. Fails (exit
// 1) on any mismatch, printing the case, what was expected and the results;
// also on console errors, uncaught page errors, failed requests and requests
// that are not file://. Exit 2: usage error or missing tools.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadChromium, loadYaml, launch, offlineContext } from '../browser/lib.mjs';

const TOOL = 'golden.test';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const KEYS = new Set(['query', 'include_obsolete', 'expect_top', 'expect_match', 'expect_count', 'must_not_match', 'expect_anchor']);

function usage(message) {
  if (message) console.error(`${TOOL}: ${message}`);
  console.error('usage: node tests/search/golden.test.mjs <dist/it directory> [--cases tests/search/queries.yml]');
  process.exit(2);
}

const args = process.argv.slice(2);
let casesPath = path.join(HERE, 'queries.yml');
const positional = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--cases') casesPath = args[++i] ?? usage('--cases needs a file');
  else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else positional.push(a);
}
if (positional.length !== 1) usage('expected exactly one site directory');
const siteDir = path.resolve(positional[0]);
const indexHtml = path.join(siteDir, 'index.html');
if (!fs.existsSync(indexHtml)) usage(`${indexHtml} does not exist (give a dist/<audience> directory)`);
if (!fs.existsSync(path.join(siteDir, 'search', 'index.js'))) usage(`${siteDir}/search/index.js does not exist: the site has no search index`);

// ------------------------------------------------------------ the cases

function loadCases() {
  const yaml = loadYaml(TOOL);
  let doc;
  try {
    doc = yaml.load(fs.readFileSync(casesPath, 'utf8'), { filename: casesPath });
  } catch (e) {
    usage(`cannot read ${casesPath}: ${e.message}`);
  }
  if (!Array.isArray(doc)) usage(`${casesPath}: expected a list of cases`);
  const idList = (v, where) => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) usage(`${where}: expected a list of document ids`);
    return v;
  };
  return doc.map((c, n) => {
    const where = `${casesPath}: case ${n + 1}`;
    if (!c || typeof c !== 'object' || Array.isArray(c)) usage(`${where}: expected a mapping`);
    for (const k of Object.keys(c)) if (!KEYS.has(k)) usage(`${where}: unknown key '${k}' (known: ${[...KEYS].join(', ')})`);
    if (typeof c.query !== 'string') usage(`${where}: 'query' must be a string`);
    if (c.include_obsolete !== undefined && typeof c.include_obsolete !== 'boolean') usage(`${where}: 'include_obsolete' must be true or false`);
    if (c.expect_count !== undefined && !(Number.isInteger(c.expect_count) && c.expect_count >= 0)) usage(`${where}: 'expect_count' must be a whole number`);
    const anchors = c.expect_anchor ?? {};
    if (typeof anchors !== 'object' || Array.isArray(anchors) || Object.values(anchors).some((v) => typeof v !== 'string')) {
      usage(`${where}: 'expect_anchor' must map ids to anchors`);
    }
    return {
      n: n + 1,
      query: c.query,
      includeObsolete: c.include_obsolete === true,
      top: idList(c.expect_top, `${where}: expect_top`),
      match: idList(c.expect_match, `${where}: expect_match`),
      count: c.expect_count,
      mustNot: idList(c.must_not_match, `${where}: must_not_match`),
      anchors,
    };
  });
}

// What is wrong with one case's results ([] when nothing).
function check(c, results) {
  const ids = results.map((r) => r.id);
  const wrong = [];
  const head = ids.slice(0, c.top.length);
  if (head.length !== c.top.length || head.some((id, i) => id !== c.top[i])) {
    wrong.push(`expected the first results ${JSON.stringify(c.top)}, got ${JSON.stringify(head)}`);
  }
  const missing = c.match.filter((id) => !ids.includes(id));
  if (missing.length) wrong.push(`expected among the results: ${missing.join(', ')}`);
  if (c.count !== undefined && ids.length !== c.count) wrong.push(`expected ${c.count} results, got ${ids.length}`);
  const unwanted = c.mustNot.filter((id) => ids.includes(id));
  if (unwanted.length) wrong.push(`must not match: ${unwanted.join(', ')}`);
  for (const [id, anchor] of Object.entries(c.anchors)) {
    const r = results.find((x) => x.id === id);
    if (!r) wrong.push(`expected ${id} (with anchor ${JSON.stringify(anchor)}) among the results`);
    else if (r.anchor !== anchor) wrong.push(`expected ${id}'s best section to be #${anchor}, got #${r.anchor}`);
  }
  return wrong;
}

// ------------------------------------------------------------ main

async function main() {
  const cases = loadCases();
  const chromium = await loadChromium(TOOL);
  console.log(`${TOOL}: ${cases.length} cases from ${path.relative(process.cwd(), casesPath) || casesPath} on ${siteDir}`);
  const browser = await launch(chromium);
  let failed = 0;
  let problems = [];
  try {
    const { context, problems: seen } = await offlineContext(browser, { siteDir });
    const page = await context.newPage();
    await page.goto(pathToFileURL(indexHtml).href, { waitUntil: 'load' });
    const ready = await page.waitForFunction(() => window.tebikiSearch && window.tebikiSearch.ready, null, { timeout: 15000 })
      .then(() => true, () => false);
    if (!ready) {
      console.log('  FAIL  window.tebikiSearch is not ready: search/index.js or assets/search.js did not load');
      failed++;
    } else {
      const all = await page.evaluate((cs) => cs.map((c) => window.tebikiSearch.search(c.query, { includeObsolete: c.includeObsolete })
        .map((r) => ({ id: r.id, status: r.status, score: r.score, heading: r.heading, anchor: r.anchor }))), cases);
      cases.forEach((c, i) => {
        const results = all[i];
        const wrong = check(c, results);
        const label = `case ${c.n}: ${JSON.stringify(c.query)}${c.includeObsolete ? ' (include_obsolete)' : ''}`;
        if (wrong.length === 0) {
          console.log(`  ok    ${label} → ${results.length} results${results.length ? `: ${results.slice(0, 5).map((r) => r.id).join(', ')}${results.length > 5 ? ', …' : ''}` : ''}`);
          return;
        }
        failed++;
        console.log(`  FAIL  ${label}`);
        for (const w of wrong) console.log(`          ${w}`);
        console.log(`          results (${results.length}):`);
        for (const r of results) console.log(`            ${r.id.padEnd(10)} ${r.status.padEnd(9)} ${String(r.score).padEnd(10)} #${r.anchor}`);
      });
    }
    await page.waitForTimeout(100);
    problems = seen();
    await context.close();
  } finally {
    await browser.close();
  }
  if (problems.length) {
    failed++;
    console.log('  FAIL  no console errors, page errors, failed or outside requests:');
    for (const p of problems) console.log(`          ${p}`);
  }
  console.log(`${TOOL}: ${cases.length - Math.min(failed, cases.length)} of ${cases.length} cases passed${failed ? `; ${failed} failure(s)` : ''}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`${TOOL}: ${e.stack || e}`);
  process.exit(1);
});
