#!/usr/bin/env node
// The stale-copy banner: hidden while the copy is recent by the terminal's
// clock, shown (in Japanese, with the age in days) once it is older than
// stale_after_days. The clock is set with playwright's clock emulation.
//
//   node tests/browser/freshness.test.mjs <dist/<audience> directory>
// Exit codes: 0 passed, 1 a check failed, 2 usage error.

import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { launch, loadChromium, offlineContext } from './lib.mjs';

const siteDir = process.argv[2];
if (!siteDir) {
  console.error('usage: node tests/browser/freshness.test.mjs <dist/<audience> directory>');
  process.exit(2);
}
const chromium = await loadChromium('freshness.test');
const browser = await launch(chromium);
const failures = [];
try {
  const { context, problems } = await offlineContext(browser, { siteDir });
  const page = await context.newPage();
  const url = pathToFileURL(path.resolve(siteDir, 'index.html')).href;
  const banner = page.locator('#tebiki-stale');
  const published = await (async () => { await page.goto(url); return banner.getAttribute('data-published'); })();
  const limit = Number(await banner.getAttribute('data-stale-days'));
  const day = Date.parse(`${published}T12:00:00Z`);

  await page.clock.setFixedTime(new Date(day + 10 * 86400000));
  await page.goto(url);
  if (await banner.isVisible()) failures.push('banner shown 10 days after publication');

  await page.clock.setFixedTime(new Date(day + (limit + 5) * 86400000));
  await page.goto(url);
  if (!(await banner.isVisible())) failures.push(`banner hidden ${limit + 5} days after publication`);
  const text = await banner.innerText();
  if (!text.includes(`${limit + 5}日`) || !text.includes('医療情報部に確認')) failures.push(`banner text: ${text}`);
  failures.push(...problems());
} finally {
  await browser.close();
}
for (const f of failures) console.error(`FAIL  ${f}`);
console.log(`freshness: ${failures.length ? 'failed' : 'passed'}`);
process.exit(failures.length ? 1 : 0);
