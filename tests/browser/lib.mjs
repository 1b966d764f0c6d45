// Shared by the browser tests, the search golden test and the search benchmark:
// Debian's /usr/bin/chromium driven by playwright-core, file:// only.
//
//   import { loadChromium, launch, offlineContext, requireHere } from '../browser/lib.mjs';
//
// offlineContext() gives a browser context that lets nothing leave the bundle
// (every request that is not file:, data:, blob: or about: is aborted and
// recorded) and records console errors, uncaught page errors and failed
// requests; problems() lists them, each with how often it was seen.

import fs from 'node:fs';
import process from 'node:process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const VIEWPORT = { width: 1280, height: 1024 };
export const STEP_TIMEOUT_MS = 15000;

// require() resolving from tests/browser/node_modules (js-yaml and the like),
// whichever directory the calling script lives in.
export const requireHere = createRequire(import.meta.url);

// playwright-core's chromium, or exit 2 with a hint when it or Chromium is missing.
export async function loadChromium(tool) {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    console.error(`${tool}: cannot load playwright-core (${e.code ?? e.message}); run build-scripts/setup, which runs npm ci in tests/browser`);
    process.exit(2);
  }
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`${tool}: ${CHROMIUM} not found; run build-scripts/setup (Debian package chromium)`);
    process.exit(2);
  }
  return chromium;
}

// js-yaml from tests/browser/node_modules, or exit 2 with a hint.
export function loadYaml(tool) {
  try {
    return requireHere('js-yaml');
  } catch (e) {
    console.error(`${tool}: cannot load js-yaml (${e.code ?? e.message}); run build-scripts/setup, or npm ci in tests/browser`);
    process.exit(2);
  }
}

export function launch(chromium) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export const isFileUrl = (u) => u.startsWith('file:');
// data: and blob: URLs are content of the page itself, not fetched from anywhere.
export const isInlineUrl = (u) => u.startsWith('data:') || u.startsWith('blob:') || u.startsWith('about:');
export const decodeUrl = (u) => { try { return decodeURI(u); } catch { return u; } };

// A file that exists, whose load was cut short because the page moved on
// (the search index parts load lazily, after the page is ready), is not a
// broken reference: a missing file fails with ERR_FILE_NOT_FOUND.
export function abortedByNavigation(req) {
  if (req.failure()?.errorText !== 'net::ERR_ABORTED' || !isFileUrl(req.url())) return false;
  try {
    return fs.existsSync(fileURLToPath(req.url()));
  } catch {
    return false;
  }
}

export async function offlineContext(browser, { siteDir, viewport = VIEWPORT } = {}) {
  const root = siteDir ? pathToFileURL(siteDir).href : null;
  const shortUrl = (u) => decodeUrl(root && u.startsWith(root) ? `<site>${u.slice(root.length)}` : u);
  const seen = new Map();
  const problem = (text) => seen.set(text, (seen.get(text) ?? 0) + 1);

  const context = await browser.newContext({ viewport, locale: 'ja-JP', serviceWorkers: 'block' });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  context.on('page', (page) => {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const loc = msg.location();
      const where = loc && loc.url ? ` (${shortUrl(loc.url)}:${loc.lineNumber + 1})` : '';
      problem(`console error on ${shortUrl(page.url())}: ${msg.text()}${where}`);
    });
    page.on('pageerror', (err) => problem(`uncaught error on ${shortUrl(page.url())}: ${err.message}`));
  });

  const external = new Set();
  // Nothing may leave the bundle: record any other URL and never let it out.
  await context.route((u) => !isFileUrl(u.href) && !isInlineUrl(u.href), (route) => route.abort('blockedbyclient'));
  context.on('request', (req) => {
    const u = req.url();
    if (isFileUrl(u) || isInlineUrl(u) || external.has(u)) return;
    external.add(u);
    problem(`request outside the bundle: ${u} (${req.resourceType()}, from ${shortUrl(req.frame()?.url() ?? '?')})`);
  });
  context.on('requestfailed', (req) => {
    if (external.has(req.url())) return;
    if (abortedByNavigation(req)) return;
    problem(`failed request: ${shortUrl(req.url())} (${req.resourceType()}): ${req.failure()?.errorText ?? 'unknown error'}`);
  });

  return {
    context,
    shortUrl,
    problems: () => [...seen].map(([text, n]) => (n > 1 ? `${text} (×${n})` : text)),
  };
}
