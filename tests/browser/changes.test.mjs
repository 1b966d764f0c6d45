#!/usr/bin/env node
// The change notice (今回の改訂) as a reader sees it in Chromium: on a
// repository made here with two editions, the page shows rendered text (no
// Markdown marks), only documents the site carries, every link leading to a
// page of the site, and no console errors.
//
//   node tests/browser/changes.test.mjs <tebiki binary>
// Exit codes: 0 passed, 1 a check failed, 2 usage error.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { launch, loadChromium, offlineContext } from './lib.mjs';

const tebiki = process.argv[2];
if (!tebiki) {
  console.error('usage: node tests/browser/changes.test.mjs <tebiki binary>');
  process.exit(2);
}

const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'tebiki-changes-'));
const env = { ...process.env, GIT_AUTHOR_NAME: '看護 花子', GIT_AUTHOR_EMAIL: 'hanako@example.jp',
              GIT_COMMITTER_NAME: '看護 花子', GIT_COMMITTER_EMAIL: 'hanako@example.jp' };
const git = (...args) => execFileSync('git', args, { cwd: repo, env, stdio: 'pipe' });
const write = (rel, text) => {
  fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
  fs.writeFileSync(path.join(repo, rel), text);
};
const doc = (id, title, status, body) => `---
id: ${id}
title: ${title}
status: ${status}
owner: 医療情報部
approver: 病院長
effective: 2026-04-01
review_by: 2099-03-31
---
${body}`;
const commit = (message, date) => {
  git('add', '-A');
  execFileSync('git', ['commit', '-q', '-m', message], {
    cwd: repo, env: { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }, stdio: 'pipe' });
};

const failures = [];
const browser = await launch(await loadChromium('changes.test'));
try {
  git('init', '-q');
  write('content/tebiki.yml', 'organisation: テスト病院\nsite_title: テスト文書集\naudiences:\n  - key: all\n    name: 全職員\n');
  write('content/a.md', doc('A-001', '運用規程', 'approved', '停止時は**必ず**[復元手順](b.md)に従う。\n'));
  write('content/b.md', doc('B-001', '復元手順', 'approved', '本文\n'));
  write('content/d.md', doc('D-001', '検討中の手順', 'draft', '下書き\n'));
  commit('第1版\n\nApproved-by: 病院長', '2026-04-01T09:00:00+09:00');
  git('tag', 'edition/1');
  write('content/a.md', doc('A-001', '運用規程', 'approved', '停止時は**直ちに**[復元手順](b.md)に従う。\n'));
  write('content/d.md', doc('D-001', '検討中の手順', 'review', 'レビュー中\n'));
  write('content/n.md', doc('N-001', '新しい手順', 'approved', '本文\n'));
  commit('第2版\n\nApproved-by: 病院長', '2026-05-01T09:00:00+09:00');
  git('tag', 'edition/2');
  execFileSync(tebiki, ['publish', '--edition', 'edition/2'],
               { cwd: repo, env, stdio: 'pipe' });

  const siteDir = path.join(repo, 'dist/all');
  const { context, problems } = await offlineContext(browser, { siteDir });
  const page = await context.newPage();
  await page.goto(pathToFileURL(path.join(siteDir, 'changes.html')).href);
  const text = await page.locator('main').innerText();
  const expect = (cond, what) => { if (!cond) failures.push(what); };
  expect(text.includes('追加 1件、改訂 1件、廃止 0件、取り下げ 0件'), `summary: ${text.split('\n')[1]}`);
  expect(text.includes('停止時は必ず直ちに復元手順に従う。'), 'the rewritten sentence, rendered');
  expect(!text.includes('**') && !text.includes('](') && !text.includes('.md'), 'Markdown source shown');
  expect(!text.includes('D-001') && !text.includes('検討中'), 'a document under review is announced');
  expect(await page.locator('main del').first().innerText() === '必ず', 'the deletion is marked');
  expect(await page.locator('main ins').first().innerText() === '直ちに', 'the insertion is marked');
  const links = await page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(links.length === 2, `links in the notice: ${links}`);
  for (const href of links) {
    expect(href && fs.existsSync(path.join(siteDir, href)), `link to a page the site does not carry: '${href}'`);
  }
  await page.screenshot({ path: path.join(os.tmpdir(), 'tebiki-changes.png'), fullPage: true });
  failures.push(...problems());
} catch (e) {
  failures.push(`error: ${e.stack ?? e}`);
} finally {
  await browser.close();
  fs.rmSync(repo, { recursive: true, force: true });
}
if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
console.log('changes.test: the change notice reads as the pages do, in Chromium');
