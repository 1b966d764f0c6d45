#!/usr/bin/env node
// Benchmark of a ward PC's first search (issue 20): how soon a document page
// is ready, and how soon the first results appear after the first keystroke
// typed as soon as the page is ready, in headless Chromium with the CPU
// slowed down by the DevTools protocol (Emulation.setCPUThrottlingRate), over
// file://. Prints figures; never fails because something was slow.
//
//   node tests/bench/first_search_bench.mjs <dist/<audience> directory>… [--runs N] [--throttle R,R…] [--query Q]
//                                           [--delays MS,MS…] [--ready-only]
//
// With several site directories (e.g. a site before and after a change),
// their runs are interleaved, so that a busy machine weighs on each alike.
//
// Figures (median and max of N fresh page loads, each in a new context, so
// nothing is cached between runs):
//   - index: search/*.js raw and gzipped (level 6, each file on its own);
//   - ready: DOMContentLoaded and load, from navigation start;
//   - first results: from the input event of the query (typed at once, as an
//     IME commits it, into the focused box, MS after the load event: 0 is the
//     worst case, a reader takes a second or two to reach the box) to the
//     results count (「N件」, or 「N件以上」 for a provisional first page
//     while the rest of the candidates are checked) in the results view;
//   - complete results: to the final count (「N件」, not 「以上」).
// --ready-only measures page ready alone (for a copy of the site without the
// search scripts: the page as fast as it is without search).
// Exit codes: 0 done, 1 the benchmark itself failed, 2 usage.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { loadChromium, launch } from '../browser/lib.mjs';

const TOOL = 'first_search_bench';

function usage(message) {
  if (message) console.error(`${TOOL}: ${message}`);
  console.error('usage: node tests/bench/first_search_bench.mjs <dist/<audience> directory> [--runs N] [--throttle R,R…] [--query Q]');
  process.exit(2);
}

const args = process.argv.slice(2);
let runs = 5;
let throttles = [1, 4];
let query = 'バックアップ';
let delays = [0, 2000];
let readyOnly = false;
const positional = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--runs') runs = Number(args[++i]);
  else if (a === '--throttle') throttles = String(args[++i] ?? '').split(',').map(Number);
  else if (a === '--query') query = args[++i] ?? usage('--query needs a value');
  else if (a === '--ready-only') readyOnly = true;
  else if (a === '--delays') delays = String(args[++i] ?? '').split(',').map(Number);
  else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else positional.push(a);
}
if (positional.length < 1) usage('expected a site directory');
if (!Number.isInteger(runs) || runs < 1) usage('--runs needs a positive integer');
if (throttles.some((t) => !(t >= 1))) usage('--throttle needs rates of 1 or more, like 1,4');
const sites = positional.map((dir) => {
  const siteDir = path.resolve(dir);
  const searchDir = path.join(siteDir, 'search');
  if (!fs.existsSync(path.join(searchDir, 'index.js'))) usage(`${searchDir}/index.js does not exist`);
  const pages = fs.readdirSync(path.join(siteDir, 'docs')).filter((f) => f.endsWith('.html')).sort();
  if (pages.length === 0) usage(`no pages in ${siteDir}/docs`);
  return { siteDir, searchDir, pages };
});

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
for (const { siteDir, searchDir, pages } of sites) {
  let raw = 0, gz = 0, files = 0;
  for (const f of fs.readdirSync(searchDir).filter((n) => n.endsWith('.js'))) {
    const bytes = fs.readFileSync(path.join(searchDir, f));
    raw += bytes.length;
    gz += zlib.gzipSync(bytes, { level: 6 }).length;
    files++;
  }
  console.log(`${TOOL}: ${siteDir} (${pages.length} pages)`);
  console.log(`  index: ${files} files, ${kib(raw)} raw, ${kib(gz)} gzipped`);
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;

async function oneRun(browser, rate, pageFile, delay) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1024 }, locale: 'ja-JP' });
  await context.route((u) => !u.href.startsWith('file:'), (route) => route.abort());
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.goto(pathToFileURL(pageFile).href, { waitUntil: 'load' });
  const ready = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
  });
  if (readyOnly) {
    await context.close();
    return { dcl: ready.dcl, load: ready.load, first: 0, complete: 0 };
  }
  // Time the first results in the page itself: from the input event to the count.
  await page.evaluate(() => {
    const input = document.getElementById('tebiki-search-input');
    const status = document.getElementById('tebiki-search-status');
    window.__bench = { typed: 0, shown: 0, complete: 0 };
    input.addEventListener('input', () => { if (!window.__bench.typed) window.__bench.typed = performance.now(); }, { capture: true });
    new MutationObserver(() => {
      const text = status.textContent;
      if (!window.__bench.shown && /\d+件/.test(text)) window.__bench.shown = performance.now();
      if (!window.__bench.complete && /\d+件/.test(text) && !/件以上/.test(text)) window.__bench.complete = performance.now();
    }).observe(status, { childList: true, subtree: true, characterData: true });
  });
  if (delay > 0) await page.waitForTimeout(delay);
  await page.focus('#tebiki-search-input');
  await page.keyboard.insertText(query);
  await page.waitForFunction(() => window.__bench.complete > 0, null, { timeout: 60000 });
  const t = await page.evaluate(() => window.__bench);
  await context.close();
  return { dcl: ready.dcl, load: ready.load, first: t.shown - t.typed, complete: t.complete - t.typed };
}

const chromium = await loadChromium(TOOL);
const browser = await launch(chromium);
try {
  for (const rate of throttles) {
    const figures = sites.map(() => ({ dcl: [], load: [], first: delays.map(() => []), complete: delays.map(() => []) }));
    for (let r = 0; r < runs + 1; r++) {
      for (let k = 0; k < delays.length; k++) {
        for (let i = 0; i < sites.length; i++) {
          const { siteDir, pages } = sites[i];
          const page = path.join(siteDir, 'docs', pages[(r * 37 + k) % pages.length]);
          const m = await oneRun(browser, rate, page, delays[k]);
          if (r === 0) continue;   // warm-up: the file cache
          const f = figures[i];
          if (k === 0) { f.dcl.push(m.dcl); f.load.push(m.load); }
          f.first[k].push(m.first);
          f.complete[k].push(m.complete);
        }
      }
    }
    for (let i = 0; i < sites.length; i++) {
      const f = figures[i];
      console.log(`  ${sites.length > 1 ? sites[i].siteDir + ': ' : ''}CPU ${rate}x slower, ${runs} runs, query ${query}:`);
      console.log(`    page ready (DOMContentLoaded): ${fmt(f.dcl)}`);
      console.log(`    page load event:               ${fmt(f.load)}`);
      for (let k = 0; k < delays.length && !readyOnly; k++) {
        console.log(`    first results, typed ${String(delays[k]).padStart(4)} ms after load: ${fmt(f.first[k])}`);
        console.log(`    complete results, typed ${String(delays[k]).padStart(4)} ms after load: ${fmt(f.complete[k])}`);
      }
    }
  }
} catch (e) {
  console.error(`${TOOL}: ${e.stack || e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
