#!/usr/bin/env node
// Benchmark of the in-browser search on a published site (normally the
// 1,000-document bench corpus, see build-scripts/bench): prints figures and
// never fails because something was slow.
//
//   node tests/bench/search_bench.mjs <dist/<audience> directory> [--content DIR] [--runs N]
//
// Measures, in headless Chromium (playwright-core, /usr/bin/chromium, file://):
//   - the index: search/index.js and its parts raw and gzipped (zlib, level 6 and 9), against
//     the Markdown of the site's documents (found under --content by their
//     front-matter id) and of the whole content directory;
//   - page open to first answer: a document page opened fresh, the first query
//     run at DOMContentLoaded (the deferred index parsed, nothing normalised
//     yet), times from navigation start (performance.now()), with the first
//     contentful paint for comparison;
//   - per keystroke: for several Japanese queries, the engine run on every
//     prefix as typed (by code point), with the top 50 results' best section
//     and snippet built as the results view does; median, p95 and max in ms,
//     both right after load ("cold": documents normalised on demand) and after
//     the client's idle-time warm-up ("warm").
// Exit codes: 0 done (whatever the times), 1 the benchmark itself failed, 2 usage.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { loadChromium, launch, offlineContext } from '../browser/lib.mjs';

const TOOL = 'search_bench';
const QUERIES = [
  'バックアップ取得',
  '電子カルテ 停止時',
  '輸液ポンプの設定値',
  'ばっくあっぷ',
  '夜間 当直 連絡',
  '感染対策　手指衛生',
  '医療機器の点検記録',
  'ｱｶｳﾝﾄ管理',
];
const SHOWN = 50;   // results the view renders at first (search.js PAGE_SIZE)

function usage(message) {
  if (message) console.error(`${TOOL}: ${message}`);
  console.error(`usage: node tests/bench/search_bench.mjs <dist/<audience> directory> [--content DIR] [--runs N]`);
  process.exit(2);
}

const args = process.argv.slice(2);
let contentDir = null;
let runs = 5;
const positional = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--content') contentDir = args[++i] ?? usage('--content needs a directory');
  else if (a === '--runs') runs = Number(args[++i]);
  else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else positional.push(a);
}
if (positional.length !== 1) usage('expected exactly one site directory');
if (!Number.isInteger(runs) || runs < 1) usage('--runs needs a positive integer');
const siteDir = path.resolve(positional[0]);
const indexJs = path.join(siteDir, 'search', 'index.js');
if (!fs.existsSync(indexJs)) usage(`${indexJs} does not exist (build the site with a tebiki that writes the search index)`);
const docsDir = path.join(siteDir, 'docs');
const pages = fs.readdirSync(docsDir).filter((f) => f.endsWith('.html')).sort();
if (pages.length === 0) usage(`no pages in ${docsDir}`);

// ------------------------------------------------------------ sizes

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const pct = (a, b) => (b > 0 ? `${((100 * a) / b).toFixed(1)}%` : '-');

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

// index.js and its part scripts (docs/search.md), each compressed on its own as a zip does.
function sizes() {
  const searchDir = path.dirname(indexJs);
  const scripts = fs.readdirSync(searchDir).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(searchDir, f)));
  let raw = 0, gz6 = 0, gz9 = 0;
  for (const bytes of scripts) {
    raw += bytes.length;
    gz6 += zlib.gzipSync(bytes, { level: 6 }).length;
    gz9 += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  const ids = new Set(pages.map((p) => decodeURIComponent(p.replace(/\.html$/, ''))));
  let mdAll = 0, mdSite = 0, mdFiles = 0, siteFiles = 0;
  if (contentDir) {
    for (const f of walk(path.resolve(contentDir)).filter((x) => x.endsWith('.md'))) {
      const bytes = fs.readFileSync(f);
      mdAll += bytes.length;
      mdFiles++;
      const m = /^---\r?\n[\s\S]*?^id:\s*["']?([^"'\r\n#]+?)["']?\s*$/m.exec(bytes.toString('utf8'));
      if (m && ids.has(m[1])) { mdSite += bytes.length; siteFiles++; }
    }
  }
  return { raw, gz6, gz9, mdAll, mdSite, mdFiles, siteFiles };
}

// ------------------------------------------------------------ statistics

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length,
    median: s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2,
    p95: quantile(s, 0.95),
    max: s[s.length - 1],
  };
}
const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '-');

// ------------------------------------------------------------ in the page

// Runs at document start of every page: asks a first query as soon as the
// deferred scripts have run, loading what it needs (tebikiSearch.ensure:
// docs.js, its key shards, its candidates' match scripts), and answers it.
function firstQueryProbe(query) {
  document.addEventListener('DOMContentLoaded', () => {
    const t0 = performance.now();
    const nav = performance.getEntriesByType('navigation')[0];
    const finish = (n, error, loaded) => {
      const t1 = performance.now();
      window.__tebikiBenchFirst = {
        domInteractive: nav ? nav.domInteractive : NaN,
        ready: t0, answered: t1, queryMs: t1 - loaded, n, error,
      };
    };
    try {
      window.tebikiSearch.ensure(query, (failed) => {
        if (failed) { finish(-1, `search/${failed} did not load`, performance.now()); return; }
        const loaded = performance.now();
        const r = window.tebikiSearch.search(query, {});
        for (let i = 0; i < Math.min(r.length, 50); i++) void r[i].heading;
        finish(r.length, null, loaded);
      });
    } catch (e) {
      finish(-1, String(e), performance.now());
    }
  }, { once: true });
}

// Types each query code point by code point into the engine; returns ms per prefix.
function typeQueries([queries, shown]) {
  const out = [];
  for (const q of queries) {
    const cps = Array.from(q);
    for (let k = 1; k <= cps.length; k++) {
      const prefix = cps.slice(0, k).join('');
      const t0 = performance.now();
      const r = window.tebikiSearch.search(prefix, {});
      for (let i = 0; i < Math.min(r.length, shown); i++) {
        void r[i].heading; void r[i].anchor; void r[i].snippetHtml;
      }
      out.push({ query: q, prefix, ms: performance.now() - t0, n: r.length });
    }
  }
  return out;
}

async function waitForWarmUp(page) {
  // The client loads the rest of the index in idle time; wait until it has.
  await page.waitForFunction(() => window.tebikiSearch && window.tebikiSearch.ready, null,
    { timeout: 60000, polling: 50 }).catch(() => {});
}

// ------------------------------------------------------------ main

async function main() {
  const chromium = await loadChromium(TOOL);
  const s = sizes();
  const docPage = pathToFileURL(path.join(docsDir, pages[Math.floor(pages.length / 2)])).href;

  const browser = await launch(chromium);
  chromiumVersion = browser.version();
  const first = [];
  const cold = [], warm = [];
  let problems = [];
  let docCount = 0;
  try {
    const { context, problems: seen } = await offlineContext(browser, { siteDir });
    await context.addInitScript(firstQueryProbe, QUERIES[0]);
    for (let run = 0; run < runs; run++) {
      const page = await context.newPage();
      await page.goto(docPage, { waitUntil: 'load' });
      await page.waitForFunction(() => window.__tebikiBenchFirst !== undefined);
      await page.waitForTimeout(300);
      const f = await page.evaluate(() => {
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        return { ...window.__tebikiBenchFirst, fcp: paint ? paint.startTime : NaN };
      });
      if (f.error) throw new Error(`first query failed: ${f.error}`);
      first.push(f);
      docCount = await page.evaluate(() => (window.tebikiSearch._engine()?.n ?? 0));
      // Cold: the whole index loaded, but no query asked before (no field
      // of a document made yet, no posting decoded).
      await waitForWarmUp(page);
      cold.push(...await page.evaluate(typeQueries, [QUERIES, SHOWN]));
      await page.close();

      const page2 = await context.newPage();
      await page2.goto(docPage, { waitUntil: 'load' });
      await waitForWarmUp(page2);
      await page2.evaluate(typeQueries, [QUERIES, SHOWN]);   // a first pass fills the engine's caches
      warm.push(...await page2.evaluate(typeQueries, [QUERIES, SHOWN]));
      await page2.close();
    }
    problems = seen();
    await context.close();
  } finally {
    await browser.close();
  }

  const line = (label, value) => console.log(`  ${label.padEnd(44)} ${value}`);
  console.log(`tebiki search benchmark: ${siteDir}`);
  console.log(`  ${docCount} documents in the index, ${runs} runs, Chromium ${CHROMIUM_VERSION()}`);
  console.log('\nindex size');
  line('search/*.js raw (index and parts)', `${kib(s.raw)}`);
  line('gzipped (zlib level 6 / 9)', `${kib(s.gz6)} / ${kib(s.gz9)}`);
  if (contentDir) {
    line(`Markdown of the site's ${s.siteFiles} documents`, kib(s.mdSite));
    line(`Markdown of all ${s.mdFiles} documents`, kib(s.mdAll));
    line('raw index / site Markdown', pct(s.raw, s.mdSite));
    line('gzipped index (level 6) / site Markdown', `${pct(s.gz6, s.mdSite)}   (target ≤ 40%)`);
  }
  console.log('\npage open → first answered query (ms from navigation start, median of runs)');
  const med = (k) => summary(first.map((f) => f[k])).median;
  line('HTML parsed (domInteractive)', ms(med('domInteractive')));
  line('first contentful paint', ms(med('fcp')));
  line('index parsed, page ready (DOMContentLoaded)', ms(med('ready')));
  line(`first query answered ("${QUERIES[0]}", its scripts loaded, top 50 headings)`, ms(med('answered')));
  line('  of which the query itself (after its scripts)', `${ms(med('queryMs'))}   (target < 100 ms after ready)`);
  console.log(`\nper keystroke (engine + top ${SHOWN} snippets, each prefix of ${QUERIES.length} queries)`);
  for (const [name, rows] of [['cold (index loaded, first queries)', cold], ['warm (the same queries again)', warm]]) {
    const st = summary(rows.map((r) => r.ms));
    line(name, `median ${ms(st.median)}, p95 ${ms(st.p95)}, max ${ms(st.max)} over ${st.n} keystrokes   (target < 30 ms)`);
  }
  const worst = [...cold].sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log('  slowest cold keystrokes:');
  for (const w of worst) console.log(`    ${ms(w.ms).padStart(10)}  "${w.prefix}" (${w.n} results)`);
  if (problems.length) {
    console.log('\nproblems seen in the browser:');
    for (const p of problems) console.log(`  ${p}`);
  }
}

let chromiumVersion = '';
function CHROMIUM_VERSION() { return chromiumVersion || '?'; }

main().catch((e) => {
  console.error(`${TOOL}: ${e.stack || e}`);
  process.exit(1);
});
