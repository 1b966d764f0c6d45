#!/usr/bin/env node
// The two search engines agree: for every query of tests/search/queries.yml
// (and a few more), `tebiki search --json` (C++) and window.tebikiSearch.search
// (the JS client in Chromium, on the index.js that tebiki wrote) return the
// same documents in the same order, with the same scores (6 decimals) and the
// same best section.
//
//   node tests/search/engines_agree.test.mjs <tebiki binary> <content dir> <dist/<audience> dir> [--audience KEY]
//
// The site must have been built from the same content (e.g. `tebiki build
// --worktree --content DIR --out DIST`); the audience defaults to the site
// directory's name. The CLI is run with --worktree. Exit 1 on any difference,
// 2 on usage errors.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadChromium, loadYaml, launch, offlineContext } from '../browser/lib.mjs';

const TOOL = 'engines_agree.test';
const HERE = path.dirname(fileURLToPath(import.meta.url));
// Queries beyond the golden file's: edge cases of the query rules.
const EXTRA = [
  'の', '「', '・', 'ー', '"バックアップ', '“復元 ”', 'ＡＢＣ１２３', '第3条 第３条', 'バックアップ バックアップ',
  'ﾊﾞｯｸｱｯﾌﾟ　ﾌｸｹﾞﾝ', 'e', '2026', '8:30', 'c++', '🙂', 'ID', 'Ｉｄ', 'ｶﾞ', 'ヵ月', '々', 'pass word',
  // issue 20: long vowels, units after digits, readings.
  'ユーザー', 'サーバーに', 'ｻｰﾊﾞｰ', 'キー', 'ーー', 'mL', 'hg', '120mm', 'sum', 'ふっきゅう', 'かくにん', 'ふっきゅう 手順',
];

function usage(message) {
  if (message) console.error(`${TOOL}: ${message}`);
  console.error('usage: node tests/search/engines_agree.test.mjs <tebiki binary> <content dir> <dist/<audience> dir> [--audience KEY]');
  process.exit(2);
}

const args = process.argv.slice(2);
let audience = null;
const positional = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--audience') audience = args[++i] ?? usage('--audience needs a key');
  else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else positional.push(a);
}
if (positional.length !== 3) usage('expected a tebiki binary, a content directory and a site directory');
const [tebiki, contentDir, siteArg] = positional.map((p) => path.resolve(p));
const siteDir = siteArg;
audience = audience ?? path.basename(siteDir);
if (!fs.existsSync(tebiki)) usage(`${tebiki} does not exist`);
if (!fs.existsSync(path.join(siteDir, 'search', 'index.js'))) usage(`${siteDir}/search/index.js does not exist`);

function cliSearch(query, includeObsolete) {
  const argv = ['search', '--worktree', '--content', contentDir, '--audience', audience, '--json', '--limit', '0'];
  if (includeObsolete) argv.push('--include-obsolete');
  argv.push('--', query);
  const out = execFileSync(tebiki, argv, { encoding: 'utf8', cwd: contentDir, stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out).results.map((r) => ({ id: r.id, score: r.score, anchor: r.anchor ?? '' }));
}

const fmt = (rs) => rs.map((r) => `${r.id}:${r.score}#${r.anchor}`).join(' ');

async function main() {
  const yaml = loadYaml(TOOL);
  const golden = yaml.load(fs.readFileSync(path.join(HERE, 'queries.yml'), 'utf8'));
  const queries = [];
  for (const c of golden) queries.push({ query: c.query, includeObsolete: c.include_obsolete === true });
  for (const q of EXTRA) for (const inc of [false, true]) queries.push({ query: q, includeObsolete: inc });

  const chromium = await loadChromium(TOOL);
  const browser = await launch(chromium);
  let js;
  let problems = [];
  try {
    const { context, problems: seen } = await offlineContext(browser, { siteDir });
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(siteDir, 'index.html')).href, { waitUntil: 'load' });
    await page.waitForFunction(() => window.tebikiSearch && window.tebikiSearch.ready, null, { timeout: 15000 });
    js = await page.evaluate((qs) => qs.map((q) => window.tebikiSearch.search(q.query, { includeObsolete: q.includeObsolete })
      .map((r) => ({ id: r.id, score: r.score, anchor: r.anchor }))), queries);
    problems = seen();
    await context.close();
  } finally {
    await browser.close();
  }

  let failed = 0;
  queries.forEach((q, i) => {
    const label = `${JSON.stringify(q.query)}${q.includeObsolete ? ' (include obsolete)' : ''}`;
    let cpp;
    try {
      cpp = cliSearch(q.query, q.includeObsolete);
    } catch (e) {
      console.error(`${TOOL}: tebiki search ${label} failed: ${(e.stderr || e.message).toString().trim()}`);
      process.exit(1);
    }
    if (fmt(cpp) === fmt(js[i])) {
      console.log(`  ok    ${label} → ${cpp.length} results`);
    } else {
      failed++;
      console.log(`  FAIL  ${label}\n          C++: ${fmt(cpp)}\n          JS:  ${fmt(js[i])}`);
    }
  });
  for (const p of problems) { failed++; console.log(`  FAIL  ${p}`); }
  console.log(`${TOOL}: ${queries.length - failed} of ${queries.length} queries agree`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`${TOOL}: ${e.stack || e}`);
  process.exit(1);
});
