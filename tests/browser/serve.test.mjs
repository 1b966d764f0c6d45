#!/usr/bin/env node
// `tebiki serve` in a real browser, as a writer uses it: the page they look
// at reloads itself when they save, shows the errors of a broken save in
// Japanese, and comes back with the next good save; search finds what was
// just saved.
//
//   node tests/browser/serve.test.mjs <tebiki binary> <content directory>
//
// The content directory (the sample content) is copied into a new git
// repository in a temporary directory; `tebiki serve --port 0` runs there.
// Nothing may be requested from anywhere but the preview server.
// Exit codes: 0 passed, 1 a check failed, 2 usage error.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { loadChromium, launch, VIEWPORT } from './lib.mjs';

const TOOL = 'serve.test';
const PATIENCE_MS = 30000;  // bounds a hang (the binary may run under the sanitizers)
const DOCUMENT = 'manuals/emr-terminal.md';
const DOCUMENT_ID = 'MAN-001';
const SAVED_SENTENCE = '保存した直後の追記は、ブラウザ試験用の確認文です。';
const SEARCH_WORD = 'ブラウザ試験用';

const [tebiki, contentSource] = process.argv.slice(2);
if (!tebiki || !contentSource || !fs.existsSync(path.join(contentSource, DOCUMENT))) {
  console.error(`usage: node tests/browser/serve.test.mjs <tebiki binary> <content directory with ${DOCUMENT}>`);
  process.exit(2);
}

const failures = [];
const check = (ok, what) => {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'}  ${what}`);
  if (!ok) failures.push(what);
  return ok;
};

// ------------------------------------------------------------ the repository

const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'tebiki-serve-browser-'));
const documentPath = path.join(repo, 'content', DOCUMENT);
fs.cpSync(contentSource, path.join(repo, 'content'), { recursive: true });
const git = (...args) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
git('init', '-q');
git('add', '-A');
git('-c', 'user.name=試験', '-c', 'user.email=test@example.invalid', 'commit', '-qm', '初版');
const original = fs.readFileSync(documentPath, 'utf8');

// ------------------------------------------------------------ tebiki serve

const serve = spawn(path.resolve(tebiki), ['serve', '--port', '0'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
let serveErr = '';
serve.stderr.on('data', (d) => { serveErr += d; });
const exited = new Promise((resolve) => serve.on('exit', (code, signal) => resolve(code ?? 128)));
const port = await new Promise((resolve, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error('tebiki serve printed no address')), PATIENCE_MS);
  serve.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
    if (m) { clearTimeout(timer); resolve(Number(m[1])); }
  });
  serve.on('exit', () => reject(new Error(`tebiki serve exited: ${serveErr}`)));
});
const origin = `http://127.0.0.1:${port}`;

// ------------------------------------------------------------ the browser

const chromium = await loadChromium(TOOL);
const browser = await launch(chromium);
const problems = [];
try {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'ja-JP', serviceWorkers: 'block' });
  context.setDefaultTimeout(PATIENCE_MS);
  await context.route((u) => u.origin !== origin, (route) => {
    problems.push(`request outside the preview: ${route.request().url()}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  // While the content is broken, pages are answered with the error page and
  // status 500, which Chromium reports on the console; nothing else may be.
  let showingErrorPage = false;
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (showingErrorPage && msg.text().includes('status of 500')) return;
    problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    // A reload ends the page's event stream; that is no failure.
    if (req.url().endsWith('/__tebiki/events')) return;
    // Nor is a search index script that the client was loading in idle time
    // (docs/search.md "Loading") when the reload came.
    if (req.failure()?.errorText === 'net::ERR_ABORTED' && /\/search\/[a-z]+(-\d\d)?\.js$/.test(req.url())) return;
    problems.push(`failed request: ${req.url()}: ${req.failure()?.errorText}`);
  });

  await page.goto(`${origin}/all/docs/${DOCUMENT_ID}.html`);
  const firstText = await page.innerText('body');
  check(firstText.includes('プレビュー'), 'the page is marked プレビュー');
  check(firstText.includes('電子カルテ端末'), 'the page shows the document');

  // A save reloads the open page by itself: the marker set on this page's
  // window is gone, and the saved sentence is there.
  const save = async (text, waitFor, what) => {
    await page.evaluate(() => { window.__beforeSave = true; });
    fs.writeFileSync(documentPath, text);
    const shown = await page.waitForFunction(
      (expected) => !window.__beforeSave && document.body && document.body.innerText.includes(expected),
      waitFor, { timeout: PATIENCE_MS }).then(() => true, () => false);
    check(shown, what);
  };
  await save(`${original}\n${SAVED_SENTENCE}\n`, SAVED_SENTENCE, 'a save reloads the page with the saved sentence');

  // The reloaded page searches the index as saved, not the one before.
  await page.fill('#tebiki-search-input', SEARCH_WORD);
  const found = await page.waitForFunction(
    (id) => [...document.querySelectorAll('#tebiki-search-results .search-result-id')].some((e) => e.textContent === id),
    DOCUMENT_ID, { timeout: PATIENCE_MS }).then(() => true, () => false);
  check(found, `search finds 「${SEARCH_WORD}」, saved a moment ago, in ${DOCUMENT_ID}`);

  // A broken save shows its errors, with file, line and column, in Japanese.
  const broken = original.replace(/^effective: .*$/m, 'effective: 2025-13-45');
  const line = broken.split('\n').findIndex((l) => l.startsWith('effective:')) + 1;
  showingErrorPage = true;
  await save(broken, '保存された原稿にエラーがあります', 'a broken save shows 保存された原稿にエラーがあります');
  const errorText = await page.innerText('body');
  check(errorText.includes(`content/${DOCUMENT}:${line}:12: error: front matter: 'effective' names a day that does not exist`),
        `the error names content/${DOCUMENT}:${line}:12`);

  // The next good save brings the document back.
  await save(original, '電子カルテ端末', 'the next good save shows the document again');
  showingErrorPage = false;
  check(!(await page.innerText('body')).includes(SAVED_SENTENCE), 'and the page is the saved one');
} catch (e) {
  check(false, `unexpected: ${e.message}`);
} finally {
  await browser.close();
}
for (const p of problems) check(false, p);

// Ctrl-C stops serve cleanly.
serve.kill('SIGINT');
const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), PATIENCE_MS))]);
check(code === 0, `Ctrl-C stops tebiki serve with exit code 0 (got ${code})`);
if (code !== 0) serve.kill('SIGKILL');
fs.rmSync(repo, { recursive: true, force: true });

if (failures.length) console.error(serveErr.split('\n').slice(-20).join('\n'));
console.log(`serve: ${failures.length ? 'failed' : 'passed'}`);
process.exit(failures.length ? 1 : 0);
