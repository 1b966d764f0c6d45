#!/usr/bin/env node
// Browser test for one audience's offline site, as tebiki publishes it.
//
//   node tests/browser/site.test.mjs <dist/<audience> directory>
//
// Drives Debian's /usr/bin/chromium (headless) through playwright-core over
// file:// URLs only, and fails (exit 1) on:
//   - any console message of type 'error', any uncaught page error,
//   - any failed request (a missing image, stylesheet or script),
//   - any request whose URL is not file:// (the site must work offline),
//   - a register (index.html) without <html lang="ja"> or without links to
//     docs/<id>.html, a document page without an <h1>,
//   - a link between documents with a fragment (X.html#frag) that does not
//     land on X.html with the element id=frag present and scrolled into view.
// With TEBIKI_SCREENSHOT_DIR set, saves 1280x1024 screenshots of the register
// and of one document page there.
//
// Options:
//   --allow-no-crosslink   pass when no document links to another with a
//                          fragment (a site with a single document, say);
//                          by default that is a failure, since it usually
//                          means the links were not resolved.
// Exit codes: 0 all checks passed, 1 a check failed, 2 usage error.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { abortedByNavigation } from './lib.mjs';

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.error(`site.test: cannot load playwright-core (${e.code ?? e.message}); run build-scripts/setup, which runs npm ci in tests/browser`);
  process.exit(2);
}

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const VIEWPORT = { width: 1280, height: 1024 };
const STEP_TIMEOUT_MS = 15000;

// ---------------------------------------------------------------- arguments

function usage(message) {
  if (message) console.error(`site.test: ${message}`);
  console.error('usage: node tests/browser/site.test.mjs [--allow-no-crosslink] <dist/<audience> directory>');
  process.exit(2);
}

const args = process.argv.slice(2);
let allowNoCrosslink = false;
const positional = [];
for (const a of args) {
  if (a === '--allow-no-crosslink') allowNoCrosslink = true;
  else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else positional.push(a);
}
if (positional.length !== 1) usage('expected exactly one site directory');

const siteDir = path.resolve(positional[0]);
const indexPath = path.join(siteDir, 'index.html');
const docsDir = path.join(siteDir, 'docs');
if (!fs.existsSync(indexPath)) usage(`${indexPath} does not exist (give a dist/<audience> directory)`);
if (!fs.statSync(docsDir, { throwIfNoEntry: false })?.isDirectory()) usage(`${docsDir} is not a directory`);
if (!fs.existsSync(CHROMIUM)) {
  console.error(`site.test: ${CHROMIUM} not found; run build-scripts/setup (Debian package chromium)`);
  process.exit(2);
}

const screenshotDir = process.env.TEBIKI_SCREENSHOT_DIR || '';

// ---------------------------------------------------------------- bookkeeping

const results = [];      // { name, ok, detail }
const problems = new Map();  // browser-level problem seen on any page → how often, in order seen
const problem = (text) => problems.set(text, (problems.get(text) ?? 0) + 1);

function pass(name, detail = '') {
  results.push({ name, ok: true, detail });
  console.log(`  ok    ${name}${detail ? ` — ${detail}` : ''}`);
}
function fail(name, detail) {
  results.push({ name, ok: false, detail });
  console.log(`  FAIL  ${name} — ${detail}`);
}

// Thrown by a step whose failure leaves later steps nothing to test.
class StepFailure extends Error {}
function must(cond, name, detail) {
  if (!cond) {
    fail(name, detail);
    throw new StepFailure(detail);
  }
}

const isFileUrl = (u) => u.startsWith('file:');
// data: and blob: URLs are content of the page itself, not fetched from anywhere.
const isInlineUrl = (u) => u.startsWith('data:') || u.startsWith('blob:') || u.startsWith('about:');
const shortUrl = (u) => {
  const root = pathToFileURL(siteDir).href;
  return u.startsWith(root) ? `<site>${u.slice(root.length)}` : u;
};
const decodeUrl = (u) => { try { return decodeURI(u); } catch { return u; } };

function watch(page) {
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    const where = loc && loc.url ? ` (${decodeUrl(shortUrl(loc.url))}:${loc.lineNumber + 1})` : '';
    problem(`console error on ${decodeUrl(shortUrl(page.url()))}: ${msg.text()}${where}`);
  });
  page.on('pageerror', (err) => {
    problem(`uncaught error on ${decodeUrl(shortUrl(page.url()))}: ${err.message}`);
  });
}

// ---------------------------------------------------------------- helpers

const HTML_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };
function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z0-9]+);/gi, (m, e) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) ? String.fromCodePoint(cp) : m;
    }
    return HTML_ENTITIES[e.toLowerCase()] ?? m;
  });
}

function decodeFragment(frag) {
  try { return decodeURIComponent(frag); } catch { return frag; }
}

// Every <a href="X.html#frag"> in docs/*.html whose X.html is another existing
// page in docs/, in a stable order (file name, then position in the file).
function findCrossLinks() {
  const pages = fs.readdirSync(docsDir).filter((f) => f.endsWith('.html')).sort();
  const present = new Set(pages);
  const links = [];
  const hrefRe = /<a\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
  for (const page of pages) {
    const html = fs.readFileSync(path.join(docsDir, page), 'utf8');
    for (const m of html.matchAll(hrefRe)) {
      const href = decodeEntities(m[1] ?? m[2]);
      const mm = /^(?:\.\/)?([^/?#:]+\.html)#(.+)$/.exec(href);
      if (!mm) continue;
      const target = decodeFragment(mm[1]);
      if (target === page || !present.has(target)) continue;
      links.push({ page, href, target, fragment: decodeFragment(mm[2]) });
    }
  }
  return links;
}

function cssString(s) {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\a ')}"`;
}

// First visible <a> with exactly this href attribute.
async function visibleLink(page, href) {
  const all = page.locator(`a[href=${cssString(href)}]`);
  const n = await all.count();
  for (let i = 0; i < n; i++) {
    if (await all.nth(i).isVisible()) return all.nth(i);
  }
  return n > 0 ? all.first() : null;
}

async function screenshot(page, name) {
  if (!screenshotDir) return;
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, name);
  await page.screenshot({ path: file, fullPage: false });
  pass('screenshot', file);
}

// ---------------------------------------------------------------- steps

async function checkRegister(page) {
  const url = pathToFileURL(indexPath).href;
  const response = await page.goto(url, { waitUntil: 'load' });
  must(response === null || response.ok(), 'register loads', `index.html: ${response?.status()}`);

  const lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
  if (lang === 'ja') pass('register has <html lang="ja">');
  else fail('register has <html lang="ja">', `lang is ${JSON.stringify(lang)}`);

  const links = await page.$$eval('table a[href]', (as) => as.map((a) => a.getAttribute('href')));
  const docLinks = links.filter((h) => /^(?:\.\/)?docs\/[^/?#]+\.html(?:#.*)?$/.test(h));
  must(docLinks.length > 0, 'register links to documents',
    `no <table> link to docs/<id>.html in index.html (${links.length} table links in all)`);
  pass('register links to documents', `${docLinks.length} links`);

  await screenshot(page, 'index.png');

  const href = docLinks[0];
  const link = await visibleLink(page, href);
  const expected = new URL(href, page.url());
  expected.hash = '';
  await link.click();
  await page.waitForURL((u) => { const v = new URL(u); v.hash = ''; return v.href === expected.href; },
    { waitUntil: 'load' }).catch(() => {});
  const landed = new URL(page.url()); landed.hash = '';
  must(landed.href === expected.href, 'register link opens the document',
    `clicked ${href}, landed on ${decodeUrl(shortUrl(page.url()))}`);

  const h1 = await page.locator('h1').first().textContent({ timeout: 2000 }).catch(() => null);
  must(h1 !== null && h1.trim() !== '', 'document page has an <h1>',
    `${decodeUrl(shortUrl(page.url()))} has ${h1 === null ? 'no <h1>' : 'an empty <h1>'}`);
  pass('register link opens the document', `${href} → “${h1.trim()}”`);

  await screenshot(page, `doc-${path.basename(expected.pathname, '.html')}.png`.replace(/[^\w.-]/g, '_'));
}

async function checkCrossLink(page) {
  const links = findCrossLinks();
  if (links.length === 0) {
    if (allowNoCrosslink) { pass('link to another document with a fragment', 'none in this site; skipped'); return; }
    must(false, 'link to another document with a fragment',
      'no docs/*.html links to another docs/X.html#fragment (pass --allow-no-crosslink if the site has none)');
  }
  const { page: from, href, target, fragment } = links[0];
  await page.goto(pathToFileURL(path.join(docsDir, from)).href, { waitUntil: 'load' });
  const link = await visibleLink(page, href);
  must(link !== null, 'cross-document link is in the page', `${from}: no <a href="${href}"> in the DOM`);

  await link.click();
  const targetPath = `/docs/${target}`;
  const onTarget = (u) => decodeURIComponent(new URL(u).pathname).endsWith(targetPath);
  await page.waitForURL(onTarget, { waitUntil: 'load' }).catch(() => {});
  must(onTarget(page.url()), 'cross-document link opens its target',
    `${from}: clicked ${href}, landed on ${decodeUrl(shortUrl(page.url()))}`);

  const exists = await page.evaluate((id) => document.getElementById(id) !== null, fragment);
  must(exists, 'link fragment names an element of the target',
    `${target} has no element with id=${JSON.stringify(fragment)} (linked from ${from} as ${href})`);

  // The browser scrolls to the fragment on load; allow for smooth scrolling.
  const inView = (id) => {
    const top = document.getElementById(id).getBoundingClientRect().top;
    return top >= -1 && top < window.innerHeight;
  };
  const scrolled = await page.waitForFunction(inView, fragment, { timeout: 5000 }).then(() => true, () => false);
  const where = await page.evaluate((id) => ({
    top: Math.round(document.getElementById(id).getBoundingClientRect().top),
    height: window.innerHeight,
    scrollY: Math.round(window.scrollY),
  }), fragment);
  must(scrolled, 'fragment target is scrolled into view',
    `${target}#${fragment}: element top is ${where.top}px, viewport height ${where.height}px, scrollY ${where.scrollY}`);
  pass('cross-document link lands on its fragment',
    `${from} → ${target}#${fragment} (top ${where.top}px, scrollY ${where.scrollY}; ${links.length} such links found)`);
}

// ---------------------------------------------------------------- main

async function main() {
  console.log(`site.test: ${siteDir}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  let crashed = null;
  try {
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'ja-JP', serviceWorkers: 'block' });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
    context.on('page', watch);

    const external = new Set();
    // Nothing may leave the bundle: record any other URL and never let it out.
    await context.route((u) => !isFileUrl(u.href) && !isInlineUrl(u.href), async (route) => {
      await route.abort('blockedbyclient');
    });
    context.on('request', (req) => {
      const u = req.url();
      if (isFileUrl(u) || isInlineUrl(u)) return;
      if (!external.has(u)) {
        external.add(u);
        problem(`request outside the bundle: ${u} (${req.resourceType()}, from ${decodeUrl(shortUrl(req.frame()?.url() ?? '?'))})`);
      }
    });
    context.on('requestfailed', (req) => {
      if (external.has(req.url()) || abortedByNavigation(req)) return;
      problem(`failed request: ${decodeUrl(shortUrl(req.url()))} (${req.resourceType()}): ${req.failure()?.errorText ?? 'unknown error'}`);
    });

    const page = await context.newPage();
    try {
      await checkRegister(page);
      await checkCrossLink(page);
    } catch (e) {
      if (!(e instanceof StepFailure)) throw e;
    }
    await page.waitForTimeout(200);   // let late console messages and requests arrive
    await context.close();
  } catch (e) {
    crashed = e;
  } finally {
    await browser.close();
  }
  if (crashed) fail('test ran to the end', crashed.stack || String(crashed));

  const problemLines = [...problems].map(([text, n]) => (n > 1 ? `${text} (×${n})` : text));
  if (problemLines.length === 0) pass('no console errors, page errors, failed or outside requests');
  else {
    fail('no console errors, page errors, failed or outside requests', `${problemLines.length} seen:`);
    for (const p of problemLines) console.log(`          ${p}`);
  }

  const failed = results.filter((r) => !r.ok).length;
  const passed = results.length - failed;
  console.log(`browser: ${passed} passed, ${failed} failed`);
  if (failed) {
    console.error(`site.test: FAILED for ${siteDir}:`);
    for (const r of results.filter((x) => !x.ok)) console.error(`  - ${r.name}: ${r.detail}`);
    for (const p of problemLines) console.error(`      ${p}`);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`site.test: ${e.stack || e}`);
  process.exit(1);
});
