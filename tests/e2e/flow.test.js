// The department workflow in a real browser (Debian's chromium via playwright-core): a
// department-editor fills an entry and submits it; plan-admin returns it with a comment; the
// editor fixes and resubmits; plan-admin approves; the tally on plan-admin's home changes. Each
// page is also checked for labelled controls and saved as a screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const base = process.env.TSUNAGU_URL;
const shots = process.env.TSUNAGU_SCREENSHOTS;
let browser;

before(async () => {
  assert.ok(base, 'TSUNAGU_URL is set by scripts/e2e.sh');
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => { await browser?.close(); });

async function login(username, password) {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  assert.match(page.url(), /\/login\?next=/);
  await page.getByLabel('ユーザー名').fill(username);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL(`${base}/`);
  return page;
}

// Every visible form control has an accessible label.
async function assertLabelled(page) {
  const unlabelled = await page.$$eval('input:not([type=hidden]), select, textarea',
    (els) => els.filter((e) => e.labels === null || e.labels.length === 0).map((e) => e.outerHTML));
  assert.deepEqual(unlabelled, [], `unlabelled controls on ${page.url()}`);
}

async function shot(page, name) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

test('login page is in Japanese, labelled and refuses a wrong password', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  await assertLabelled(page);
  await page.getByLabel('ユーザー名').fill('dept-editor');
  await page.getByLabel('パスワード').fill('not-the-password');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').textContent(), /ユーザー名またはパスワードが違います/);
  assert.equal(await page.getByLabel('ユーザー名').inputValue(), 'dept-editor');
  await shot(page, 'login');
  await context.close();
});

test('submit, return, fix, resubmit, approve; the tally changes', async () => {
  const editor = await login('dept-editor', 'demo-dept-pass');
  await assertLabelled(editor);
  await shot(editor, 'home-department');
  await editor.getByRole('link', { name: '生活保護' }).click();
  await assertLabelled(editor);
  await editor.getByLabel('B（予定を変更、修正して進行）').check();
  await editor.getByLabel('実施内容').fill('扶助費を支給した。');
  await editor.getByLabel('予算額（千円）').fill('1200');
  await shot(editor, 'entry-form');
  await editor.getByRole('button', { name: '提出する' }).click();
  await editor.getByText('提出しました。').waitFor();
  const entryUrl = editor.url().split('?')[0];

  const admin = await login('plan-admin', 'demo-plan-pass');
  const before = await admin.locator('#tally-chart-R7-desc').count();
  assert.equal(before, 0, 'nothing approved for R7 yet, so no R7 chart');
  await shot(admin, 'home-plan-admin');
  await admin.getByRole('link', { name: '生活保護' }).click();
  await admin.getByLabel('差し戻す理由（差し戻すときは必須）').fill('支給の人数を書いてください。');
  await admin.getByRole('button', { name: '差し戻す' }).click();
  await admin.getByText('差し戻しました。').waitFor();

  await editor.goto(entryUrl);
  await editor.getByText('差し戻し理由: 支給の人数を書いてください。').waitFor();
  await editor.getByLabel('A（予定通り進行）').check();
  await editor.getByLabel('実施内容').fill('95世帯111人へ扶助費を支給した。');
  await editor.getByRole('button', { name: '提出する' }).click();
  await editor.getByText('提出しました。').waitFor();

  await admin.goto(entryUrl);
  await admin.getByRole('button', { name: '承認する' }).click();
  await admin.getByText('承認しました。').waitFor();
  await admin.goto(`${base}/`);
  const desc = await admin.locator('#tally-chart-R7-desc').textContent();
  assert.match(desc, /A\(予定通り進行\) 1件。/);
  await assertLabelled(admin);
  await shot(admin, 'home-plan-admin-after');

  await editor.goto(entryUrl);
  await editor.getByText('承認済み').first().waitFor();
  assert.equal(await editor.locator('textarea#done').count(), 0, 'an approved entry is no longer editable');
});

test('plan-admin downloads the year as an Excel workbook', async () => {
  const admin = await login('plan-admin', 'demo-plan-pass');
  const link = admin.getByRole('link', { name: 'Excel（.xlsx）' }).last();  // the previous year: R6
  const [download] = await Promise.all([admin.waitForEvent('download'), link.click()]);
  const path = `${shots}/download.xlsx`;
  await download.saveAs(path);
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(path);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip container');
  const names = bytes.toString('latin1');
  assert.ok(names.includes('xl/worksheets/sheet1.xml'), 'an Excel worksheet inside');
  assert.ok(names.includes('xl/sharedStrings.xml'));
  assert.match(download.suggestedFilename(), /\.xlsx$/);
});

test('the plan page shows seed 000 as a table and finds ｺﾚﾜｰｸ typed in half-width', async () => {
  const partner = await login('partner', 'demo-partner-pass');
  await partner.getByRole('link', { name: '計画' }).click();
  await assertLabelled(partner);
  await shot(partner, 'plan');
  await partner.getByLabel(/施策を検索/).fill('ｺﾚﾜｰｸ');
  await partner.getByRole('button', { name: '検索' }).click();
  await partner.getByRole('status').waitFor();
  assert.match(await partner.getByRole('status').textContent(), /1 件/);
  await shot(partner, 'plan-search');
});

test('a policy edit from a stale page is refused with a message and keeps the typing', async () => {
  const admin = await login('plan-admin', 'demo-plan-pass');
  await admin.goto(`${base}/plan`);
  const editUrl = `${base}${await admin.getByRole('link', { name: '編集' }).first().getAttribute('href')}`;
  const stale = await admin.context().newPage();
  await stale.goto(editUrl);             // opened before the other save
  await admin.goto(editUrl);
  await admin.getByLabel('施策の将来像').fill('先に保存された将来像');
  await admin.getByRole('button', { name: '保存する' }).click();
  await admin.waitForURL(/\/plan\?q=/);

  await stale.getByLabel('施策の将来像').fill('古い画面で書いた将来像');
  await stale.getByRole('button', { name: '保存する' }).click();
  await stale.getByRole('alert').waitFor();
  assert.match(await stale.getByRole('alert').textContent(), /他の人が先に更新しました/);
  assert.equal(await stale.getByLabel('施策の将来像').inputValue(), '古い画面で書いた将来像');
  assert.match(await stale.locator('.conflict').textContent(), /先に保存された将来像/);
  await assertLabelled(stale);
  await shot(stale, 'policy-conflict');
});
