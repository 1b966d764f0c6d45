#!/usr/bin/env node
// The expired-channel banner (issue 16): a copy installed at DIR/current/
// reads DIR/tebiki-channel.js, written by `tebiki sync`, and warns in
// Japanese once the channel's expiry has passed by the terminal's clock.
//
//   node tests/browser/channel_banner.test.mjs <dist/<audience> directory>
// Exit codes: 0 passed, 1 a check failed, 2 usage error.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { launch, loadChromium, offlineContext } from './lib.mjs';

const siteDir = process.argv[2];
if (!siteDir) {
  console.error('usage: node tests/browser/channel_banner.test.mjs <dist/<audience> directory>');
  process.exit(2);
}
// An install directory as tebiki lays it out: DIR/current -> the site.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tebiki-channel-'));
fs.symlinkSync(path.resolve(siteDir), path.join(dir, 'current'));
const writeChannel = (expires) =>
  fs.writeFileSync(path.join(dir, 'tebiki-channel.js'),
                   `window.tebikiChannel = ${JSON.stringify({ expires, edition: 'edition/2026-05' })};\n`);

const chromium = await loadChromium('channel_banner.test');
const browser = await launch(chromium);
const failures = [];
try {
  const { context, problems } = await offlineContext(browser, { siteDir: path.join(dir, 'current') });
  const page = await context.newPage();
  const banner = page.locator('#tebiki-channel-expired');
  for (const url of [pathToFileURL(path.join(dir, 'current', 'index.html')).href]) {
    const now = Date.parse('2026-06-15T12:00:00Z');
    await page.clock.setFixedTime(new Date(now));

    writeChannel('2026-07-01T00:00:00Z');
    await page.goto(url);
    await page.waitForFunction(() => window.tebikiChannel !== undefined);
    if (await banner.isVisible()) failures.push('banner shown before the channel expires');

    writeChannel('2026-06-01T09:00:00Z');
    await page.goto(url);
    await page.waitForFunction(() => window.tebikiChannel !== undefined);
    await banner.waitFor({ state: 'visible', timeout: 5000 }).catch(() => failures.push('banner hidden after expiry'));
    const text = await banner.innerText();
    if (!text.includes('2026年6月1日') || !text.includes('医療情報部に連絡')) failures.push(`banner text: ${text}`);
  }
  // The site published in dist/ (not installed) asks for nothing outside itself.
  const plain = await context.newPage();
  await plain.goto(pathToFileURL(path.resolve(siteDir, 'index.html')).href);
  if (await plain.evaluate(() => window.tebikiChannel !== undefined)) failures.push('dist/ copy loaded a channel');
  failures.push(...problems());
} finally {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
for (const f of failures) console.error(`FAIL  ${f}`);
console.log(`channel banner: ${failures.length ? 'failed' : 'passed'}`);
process.exit(failures.length ? 1 : 0);
