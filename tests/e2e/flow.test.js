// The department workflow in a real browser (Debian's chromium via playwright-core): a
// department-editor fills an entry and submits it; plan-admin returns it with a comment; the
// editor fixes and resubmits; plan-admin approves; the tally on plan-admin's home changes. Each
// page is also checked for labelled controls and saved as a screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import ExcelJS from 'exceljs';

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

after(async () => {
  await browser?.close();
  assert.deepEqual(outside, [], 'pages made requests outside the server');
});

async function login(username, password) {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
  watchRequests(context);
  const page = await context.newPage();
  await page.goto(`${base}/`);
  assert.match(page.url(), /\/login\?next=/);
  await page.getByLabel('ユーザー名').fill(username);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL(`${base}/`);
  return page;
}

// Every request a page makes stays on the server under test: no CDN, no font service, nothing
// outside (checked once all tests have run).
const outside = [];
function watchRequests(context) {
  context.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(base) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
  });
}

// Every visible form control has an accessible label.
async function assertLabelled(page) {
  const unlabelled = await page.$$eval('input:not([type=hidden]), select, textarea',
    (els) => els.filter((e) => e.labels === null || e.labels.length === 0).map((e) => e.outerHTML));
  assert.deepEqual(unlabelled, [], `unlabelled controls on ${page.url()}`);
}

// Text contrast per JIS X 8341-3 / WCAG 2.1 AA 1.4.3: 4.5:1, or 3:1 for large text, against the
// nearest opaque background. (Chart colours are checked in the C++ chart test.)
async function assertContrast(page) {
  const failures = await page.evaluate(() => {
    const parse = (c) => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return null;
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
    };
    const luminance = ({ r, g, b }) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0.5) return c;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    const out = [];
    const seen = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || seen.has(el) || el.closest('svg')) continue;
      seen.add(el);
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.visibility === 'hidden' || box.width < 2 || box.height < 2 || box.right < 0) continue;
      const fg = parse(style.color);
      const bg = background(el);
      const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push(`${n.textContent.trim().slice(0, 20)}: ${ratio.toFixed(2)}`);
    }
    return out;
  });
  assert.deepEqual(failures, [], `low contrast on ${page.url()}`);
}

async function assertAccessible(page) {
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  await assertLabelled(page);
  await assertContrast(page);
}

async function shot(page, name) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

test('login page is in Japanese, labelled and refuses a wrong password', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  await assertAccessible(page);
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
  await assertAccessible(editor);
  await shot(editor, 'home-department');
  await editor.getByRole('link', { name: '生活保護' }).click();
  await assertAccessible(editor);
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
  await assertAccessible(admin);
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
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0];
  assert.match(String(sheet.getCell('A1').value), /進行管理シート（令和6年度（2024年度））/);
  assert.equal(sheet.getCell('G3').value, 'R6評価');
  assert.equal(sheet.pageSetup.orientation, 'landscape');
  assert.equal(sheet.pageSetup.paperSize, 9, 'A4');
  let welfare;
  sheet.eachRow((row) => { if (row.getCell(4).value === '生活保護') welfare = row; });
  assert.ok(welfare, 'the row of 生活保護');
  assert.equal(welfare.getCell(5).value, '社会福祉課');
  assert.equal(welfare.getCell(7).value, 'A(予定通り進行)');
  assert.match(String(welfare.getCell(8).value), /95世帯111人/);
});

test('the plan page shows seed 000 as a table and finds ｺﾚﾜｰｸ typed in half-width', async () => {
  const partner = await login('partner', 'demo-partner-pass');
  await partner.getByRole('link', { name: '計画', exact: true }).click();
  await assertAccessible(partner);
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
  await assertAccessible(stale);
  await shot(stale, 'policy-conflict');
});

test('the login works from the keyboard alone, with a visible focus ring', async () => {
  const context = await browser.newContext({ locale: 'ja-JP' });
  watchRequests(context);
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  for (let i = 0; i < 6 && await page.evaluate(() => document.activeElement?.id) !== 'username'; ++i) {
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'username', 'Tab reaches the user name');
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert.notEqual(ring.style, 'none', 'the focused field shows an outline');
  assert.ok(ring.width >= 2, `outline ${ring.width}px`);
  await page.keyboard.type('auditor');
  await page.keyboard.press('Tab');
  await page.keyboard.type('demo-audit-pass');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}/`);
  await context.close();
});

// The PDF Chromium prints has the page size of the stylesheet's @page rule.
async function printedPageSize(page) {
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header').isVisible(), false, 'the menu is not printed');
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
  await page.emulateMedia({ media: 'screen' });
  const box = /MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf);
  assert.ok(box, 'a page size in the PDF');
  return { width: Math.round(Number(box[1])), height: Math.round(Number(box[2])) };
}
const A4_LANDSCAPE = { width: 842, height: 595 };  // points

test('the year\'s 進行管理シート shows charts and prints on A4 landscape', async () => {
  const admin = await login('plan-admin', 'demo-plan-pass');
  await admin.getByRole('link', { name: '進行管理シート' }).click();
  await admin.getByRole('link', { name: /令和6年度/ }).click();
  await admin.waitForURL(/year=R6/);
  await assertAccessible(admin);
  assert.equal(await admin.locator('table.sheet tbody tr:not(.category)').count(), 12, 'the 12 projects of seed 003');
  const chart = await admin.locator('#category-chart-desc').textContent();
  assert.match(chart, /\(1\)住居・就労の確保など: A\(予定通り進行\) 1件 .*D\(その他\) 3件（計4件）/);
  await shot(admin, 'progress-sheet');
  assert.deepEqual(await printedPageSize(admin), A4_LANDSCAPE);

  const editor = await login('dept-editor', 'demo-dept-pass');
  await editor.goto(`${base}/progress/sheet?year=R6`);
  const names = await editor.locator('table.sheet tbody th[scope=row]').allTextContents();
  assert.ok(names.includes('生活保護'), 'its own project');
  assert.ok(!names.includes('協力雇用主の支援・拡大及び求人情報の提供'), 'not 商工課\'s');
});

test('the 実施計画 of each revision, compared side by side with the one before', async () => {
  const coordinator = await login('coordinator', 'demo-case-pass');
  await coordinator.getByRole('link', { name: '実施計画' }).click();
  await coordinator.getByRole('heading', { level: 1, name: /実施計画（令和7年7月改定）/ }).waitFor();
  // seed 001 §10: the 実施計画 spans the family's plans; its first item is the 重層計画's, 1-1-1.
  assert.match(await coordinator.getByRole('heading', { level: 3 }).first().textContent(), /^1-1-1\s*複雑化・複合化/);
  await assertAccessible(coordinator);
  await shot(coordinator, 'implementation');
  assert.deepEqual(await printedPageSize(coordinator), A4_LANDSCAPE);

  await coordinator.getByRole('link', { name: '前の版と比べる' }).click();
  await coordinator.getByRole('status').waitFor();
  assert.match(await coordinator.getByRole('status').textContent(), /4件の重点施策のうち4件に変更があります/);
  const target = coordinator.locator('section', { has: coordinator.getByRole('heading', { name: /5-4-1/ }) })
    .locator('tr', { hasText: '計画期間終了時点の到達目標' });
  assert.match(await target.textContent(), /変更.*延べ300人.*延べ400人/s);
  await assertAccessible(coordinator);
  await shot(coordinator, 'implementation-compare');
});

// An ISO date `n` days from today (the server checks dates against today's registrations).
function day(n) {
  const d = new Date(Date.now() + n * 86400000);
  return d.toISOString().slice(0, 10);
}

test('a case from referral before release to follow-up; a partner outside the consent sees nothing', async () => {
  const staff = await login('coordinator', 'demo-case-pass');
  await staff.getByRole('link', { name: '対象者', exact: true }).click();
  await assertAccessible(staff);
  await staff.getByRole('link', { name: '対象者を登録する' }).click();
  await staff.getByLabel('氏名').fill('架空 三郎');
  await staff.getByLabel('ふりがな').fill('カクウ サブロウ');
  await staff.getByLabel(/生年月日/).fill('1962-03-03');
  await staff.getByLabel('現在の状況').selectOption('in_custody');
  await staff.getByLabel('矯正施設').fill('架空刑務所');
  await staff.getByLabel('釈放予定日').fill(day(60));
  await staff.getByLabel('住居').check();
  await staff.getByLabel('高齢').check();
  await assertAccessible(staff);
  await staff.getByRole('button', { name: '登録する' }).click();
  await staff.getByText('登録しました。').waitFor();
  const personUrl = staff.url().split('?')[0];

  // No consent yet: the case conference is refused, naming the agencies without consent, and
  // the minutes typed stay on the form.
  await staff.getByRole('link', { name: '会議の記録を追加する' }).click();
  await staff.getByLabel('会議の種類').selectOption('case_conference');
  await staff.getByLabel('開催日').fill(day(5));
  await staff.getByLabel('架空刑務所').check();
  await staff.getByLabel('議題').fill('釈放前ケース会議: 帰住先と通院');
  await staff.getByRole('button', { name: '会議の記録を保存する' }).click();
  await staff.getByRole('alert').waitFor();
  assert.match(await staff.getByRole('alert').textContent(), /同意のない機関: 架空刑務所/);
  assert.equal(await staff.getByLabel('議題').inputValue(), '釈放前ケース会議: 帰住先と通院');
  assert.equal(await staff.getByLabel('架空刑務所').isChecked(), true);
  await staff.goto(personUrl);

  const consent = staff.locator('form', { has: staff.getByRole('button', { name: '同意を記録する' }) });
  await consent.getByLabel('同意の日').fill(day(0));
  await consent.getByLabel('方法（書面・口頭など）').fill('書面（施設内で署名）');
  for (const agency of ['架空保護観察所', '架空刑務所', '架空地域生活定着支援センター']) {
    await consent.getByLabel(agency, { exact: true }).check();
  }
  for (const category of ['基本情報', '犯罪・処分歴', '生活の状況', '支援の経過']) {
    await consent.getByLabel(category).check();
  }
  await consent.getByRole('button', { name: '同意を記録する' }).click();
  await staff.getByText('同意を記録しました。').waitFor();

  await staff.getByLabel('つなぐ元').selectOption({ label: '狛江市福祉相談課' });
  await staff.getByLabel('つなぐ先').selectOption({ label: '架空地域生活定着支援センター（地域生活定着支援センター）' });
  await staff.getByLabel('依頼日').fill(day(1));
  await staff.getByLabel('依頼の内容').fill('帰住先の調整');
  await staff.getByRole('button', { name: 'つなぐ' }).click();
  await staff.getByText('つなぎを送りました。').waitFor();

  await staff.getByRole('link', { name: '会議の記録を追加する' }).click();
  await assertAccessible(staff);
  await staff.getByLabel('会議の種類').selectOption('case_conference');
  await staff.getByLabel('開催日').fill(day(5));
  await staff.getByLabel('架空刑務所').check();
  await staff.getByLabel('架空保護観察所').check();
  await staff.getByLabel('議題').fill('釈放前ケース会議: 帰住先と通院');
  await staff.getByLabel('決まったこと').fill('定着支援センターが住まいの候補を探す');
  await shot(staff, 'case-meeting-form');
  await staff.getByRole('button', { name: '会議の記録を保存する' }).click();
  await staff.getByText('会議の記録を保存しました。').waitFor();

  await staff.getByLabel('目標（1行に1つ）').fill('釈放後1か月以内に住まいを決める');
  await staff.getByLabel(/役割（1行に1つ/).fill(`架空地域生活定着支援センター|住まいの調整|${day(70)}`);
  await staff.getByLabel('支援の開始日').fill(day(5));
  await staff.getByRole('button', { name: '支援プランを保存する' }).click();
  await staff.getByText('支援プランを保存しました。').waitFor();
  await staff.getByLabel('進捗確認の予定日').fill(day(30));
  await staff.getByRole('button', { name: '予定する' }).click();
  await staff.getByText('進捗確認を予定しました。').waitFor();
  const review = staff.locator('tr', { hasText: '進捗確認' });
  await review.getByLabel('実施日').fill(day(30));
  await review.getByLabel('記録').fill('住まいの候補が2件見つかった');
  await review.getByRole('button', { name: '記録する' }).click();
  await staff.getByText('確認の結果を記録しました。').waitFor();
  await staff.getByLabel('終結日').fill(day(120));
  await staff.getByLabel('終結の理由').fill('住まいと通院が安定した');
  await staff.getByRole('button', { name: '終結を記録する' }).click();
  await staff.getByText('終結を記録し、フォローアップを予定しました。').waitFor();
  assert.equal(await staff.locator('tr', { hasText: 'フォローアップ' }).count(), 3, '6 months, 1 and 2 years');
  const followUp = staff.locator('tr', { hasText: 'フォローアップ' }).first();
  await followUp.getByLabel('実施日').fill(day(300));
  await followUp.getByLabel('地域の支援者の関わり').selectOption('yes');
  await followUp.getByRole('button', { name: '記録する' }).click();
  await staff.getByText('確認の結果を記録しました。').waitFor();
  const timeline = await staff.locator('ol.timeline').textContent();
  for (const step of ['登録', '同意', 'つなぎ', 'ケース会議', '支援プラン', '進捗確認', '終結', 'フォローアップ']) {
    assert.ok(timeline.includes(step), `the timeline shows ${step}`);
  }
  await assertAccessible(staff);
  await shot(staff, 'case-person');

  // The 保護司会 is outside the consent: no search hit, and the page itself is refused.
  const outsider = await login('partner', 'demo-partner-pass');
  await outsider.goto(`${base}/cases?q=${encodeURIComponent('さぶろう')}`);
  assert.equal(await outsider.locator('ul.results li').count(), 0);
  const refused = await outsider.goto(personUrl);
  assert.equal(refused.status(), 403);
  assert.match(await outsider.getByRole('alert').textContent(), /見る根拠がありません/);
  await shot(outsider, 'case-refused');

  // The probation office, named by the consent, reads on that basis.
  const probation = await login('probation', 'demo-probation-pass');
  await probation.goto(personUrl);
  assert.match(await probation.locator('.basis').textContent(), /本人の同意/);
  await assertAccessible(probation);
});

const A4_PORTRAIT = { width: 595, height: 842 };  // points

test('the 施策体系 draws the six plans of the 基本計画; the 計画書 prints on A4 portrait with its contents', async () => {
  const admin = await login('plan-admin', 'demo-plan-pass');
  await admin.getByRole('link', { name: '施策体系' }).click();
  const table = admin.getByRole('table').first();
  const heads = await table.locator('thead th').allTextContents();
  assert.deepEqual(heads.slice(1).map((h) => h.replace(/\s.*$/s, '').trim()), ['1', '2', '3', '4', '5', '6']);
  assert.match(heads[4], /4 再犯防止計画の施策/);
  const goal1 = table.locator('tbody tr').first();
  assert.match(await goal1.locator('td').nth(5).textContent(), /1-6-1 複雑化・複合化.*★重点施策/s);
  await assertAccessible(admin);
  assert.deepEqual(await printedPageSize(admin), A4_LANDSCAPE);
  await admin.emulateMedia({ media: 'screen' });
  await shot(admin, 'plan-system');

  // A policy's code leads to its row of the policy table.
  await goal1.getByRole('link', { name: '1-4-1' }).click();
  await admin.waitForURL(/\/plan#policy-\d+$/);
  const anchor = new URL(admin.url()).hash;
  assert.match(await admin.locator(anchor).textContent(), /1-4-1/);

  await admin.goto(`${base}/plan/document`);
  const toc = admin.getByRole('navigation', { name: '目次' });
  const chapters = await toc.locator(':scope > ol > li > a').allTextContents();
  assert.deepEqual(chapters, ['第1章 はじめに', '第2章 基本理念', '第3章 基本目標', '第4章 施策',
    '第5章 計画の推進に向けて', '資料 現状と課題']);
  await toc.getByRole('link', { name: '第4章 施策' }).click();
  await admin.waitForURL(/#ch-4$/);
  // The period table of §4: 高齢者計画's 介護保険事業計画 in two terms.
  const terms = admin.locator('table.period-table tr.term', { hasText: '介護保険事業計画' });
  assert.deepEqual(await terms.locator('td.on').allTextContents(), ['第9期', '第10期']);
  await assertAccessible(admin);
  assert.deepEqual(await printedPageSize(admin), A4_PORTRAIT);
  const pages = (await admin.pdf({ preferCSSPageSize: true })).toString('latin1').match(/\/Type\s*\/Page[^s]/g).length;
  assert.ok(pages >= 7, `a page for the cover and contents and one per chapter at least (${pages})`);
  await admin.emulateMedia({ media: 'screen' });
  await shot(admin, 'plan-document');
});

test('a plan of the 基本計画 is imported from the browser under the family\'s goals', async () => {
  const admin = await login('plan-admin', 'demo-plan-pass');
  await admin.getByRole('link', { name: '施策一覧の取り込み' }).click();
  await admin.waitForURL(`${base}/plan/import`);
  await assertAccessible(admin);
  const csv = (rows) => ({ name: 'kouken.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n'), 'utf8') });
  const table = ['基本目標,No.,施策,重点施策',
    '基本目標1 一人ひとりの状況に合わせた切れ目がない相談支援,1,意思決定支援を重視した相談支援を充実させます。,',
    '基本目標1 一人ひとりの状況に合わせた切れ目がない相談支援,2,中核機関の相談窓口を周知します。,重点',
    '基本目標3 社会参加を進める仕組みづくり,1,市民後見人の活動の場を広げます。,'];
  await admin.getByLabel(/^基本計画/).selectOption('あいとぴあレインボープラン');
  // A new plan at a position another plan holds: the preview says so and nothing can be imported.
  await admin.getByLabel('計画の名前').fill('新しい計画');
  await admin.getByLabel(/^計画の位置/).fill('4');
  await admin.getByLabel('ファイル').setInputFiles(csv(table));
  await admin.getByRole('button', { name: '読み取る' }).click();
  await admin.locator('.preview-problems').filter({ hasText: '再犯防止計画' }).waitFor();
  assert.equal(await admin.getByRole('button', { name: 'この内容で取り込む' }).isDisabled(), true);

  // The family's 成年後見計画 (plan 5): its codes, and goal 3's differing title as a warning.
  await admin.getByLabel('計画の名前').fill('成年後見計画');
  await admin.getByLabel(/^計画の位置/).fill('');
  await admin.getByRole('button', { name: '読み取る' }).click();
  const policies = admin.locator('.preview-policies tbody');
  await policies.filter({ hasText: '1-5-2' }).waitFor();
  assert.match(await policies.textContent(), /1-5-1.*1-5-2.*中核機関.*（重点施策）.*3-5-1/s);
  assert.match(await admin.locator('.preview-warnings').textContent(), /基本目標3 の名前/);
  await assertAccessible(admin);
  await admin.getByRole('button', { name: 'この内容で取り込む' }).click();
  await admin.getByRole('status').filter({ hasText: '取り込みました' }).waitFor();

  await admin.goto(`${base}/plan/system`);
  const goal1 = admin.getByRole('table').first().locator('tbody tr').first();
  assert.match(await goal1.locator('td').nth(4).textContent(), /1-5-2 中核機関の相談窓口を周知します。.*★重点施策/s);
  const goal3 = admin.getByRole('table').first().locator('tbody tr').nth(2);
  assert.match(await goal3.locator('th').textContent(), /社会参加を進めるシステムづくり/, 'the family\'s title stays');
});

test('a resident finds help on a phone without logging in; the leaflet prints on A4 portrait', async () => {
  const context = await browser.newContext({
    locale: 'ja-JP', viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true,
  });
  watchRequests(context);
  const phone = await context.newPage();
  await phone.goto(`${base}/public/resources`);
  assert.match(phone.url(), /\/public\/resources$/, 'no login asked');
  await assertAccessible(phone);
  const fits = await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.ok(fits, 'nothing overflows the phone\'s width');
  assert.equal(await phone.locator('.card', { hasText: '架空自立準備ホーム' }).count(), 0, 'internal resources stay internal');
  await shot(phone, 'public-directory-phone');

  await phone.getByRole('link', { name: '依存症' }).click();
  await phone.waitForURL(/topic=addiction/);
  const names = await phone.locator('.card h3').allTextContents();
  assert.ok(names.includes('架空ダルク'), `addiction lists the ダルク: ${names}`);
  assert.ok(!names.includes('架空ハローワーク'));
  const tel = await phone.locator('.card', { hasText: '架空ダルク' }).getByRole('link', { name: '03-0000-0501' });
  assert.equal(await tel.getAttribute('href'), 'tel:0300000501', 'a phone number can be called with a tap');

  await phone.getByLabel('名前や内容で探す').fill('ﾊﾛｰﾜｰｸ');
  await phone.getByRole('button', { name: '探す' }).click();
  assert.deepEqual(await phone.locator('.card h3').allTextContents(), ['架空ハローワーク'], 'half-width katakana finds it');

  await phone.goto(`${base}/public/about`);
  await assertAccessible(phone);
  assert.match(await phone.locator('main').textContent(), /社会を明るくする運動 市民シンポジウム/);

  const leaflet = await context.newPage();
  await leaflet.goto(`${base}/public/leaflet`);
  await assertAccessible(leaflet);
  assert.ok(await leaflet.locator('table.leaflet-table tr', { hasText: '福祉総合相談窓口' }).count() > 0);
  assert.deepEqual(await printedPageSize(leaflet), A4_PORTRAIT);
  await shot(leaflet, 'public-leaflet');

  const csv = await context.request.get(`${base}/opendata/resources.csv`);
  assert.equal(csv.status(), 200);
  assert.ok((await csv.text()).startsWith('\ufeff全国地方公共団体コード,ID,地方公共団体名,名称'));
  await context.close();
});

// The next day the demo's 架空地域センター opens (月〜土), at least a week ahead.
function nextOpenDay() {
  for (let n = 7; ; n++) {
    const d = new Date(Date.now() + n * 86400000);
    if (d.getUTCDay() !== 0) return d.toISOString().slice(0, 10);
  }
}

test('a 保護司 books an interview room; an overlapping booking is refused and the form kept', async () => {
  const hogoshi = await login('partner', 'demo-partner-pass');
  await hogoshi.getByRole('link', { name: '面接室' }).click();
  await assertAccessible(hogoshi);
  await hogoshi.locator('tr', { hasText: '架空地域センター' }).getByRole('link').click();
  const date = nextOpenDay();
  await hogoshi.getByLabel('表示する日').fill(date);
  await hogoshi.getByRole('button', { name: '表示' }).click();
  assert.equal(await hogoshi.getByLabel('予約する日').inputValue(), date, 'the booking form follows the day shown');
  await hogoshi.getByLabel('開始').selectOption('10:00');
  await hogoshi.getByLabel('終了').selectOption('11:00');
  await hogoshi.getByRole('button', { name: '予約する' }).click();
  await hogoshi.getByText('予約しました。').waitFor();
  assert.match(await hogoshi.locator('#schedule').textContent(), /10:00〜11:00\s*自分の予約/);
  assert.match(await hogoshi.locator('#week tbody tr').first().textContent(), /予約あり: 10:00〜11:00（自分）/,
    'the week overview shows the day\'s taken time');
  await assertAccessible(hogoshi);
  await shot(hogoshi, 'room-booked');

  await hogoshi.getByLabel('開始').selectOption('10:30');
  await hogoshi.getByLabel('終了').selectOption('11:30');
  const refused = hogoshi.waitForResponse((r) => r.url().endsWith('/book'));
  await hogoshi.getByRole('button', { name: '予約する' }).click();
  assert.equal((await refused).status(), 409);
  assert.match(await hogoshi.getByRole('alert').textContent(), /その時間は既に予約されています/);
  assert.equal(await hogoshi.getByLabel('開始').inputValue(), '10:30', 'what was chosen is kept');
  assert.equal((await hogoshi.locator('#schedule tbody tr').count()), 1, 'still one booking');
  await shot(hogoshi, 'room-refused');

  // Another partner (the probation office) may look but cannot book.
  const probation = await login('probation', 'demo-probation-pass');
  await probation.goto(hogoshi.url().split('/book')[0].replace(/\?.*/, '') + `?date=${date}`);
  assert.match(await probation.locator('#schedule').textContent(), /予約済み/);
  assert.doesNotMatch(await probation.locator('#schedule').textContent(), /自分の予約/);
});

test('staff match a person to local resources and record a placement with its follow-ups', async () => {
  const staff = await login('coordinator', 'demo-case-pass');
  await staff.getByRole('link', { name: '社会資源' }).click();
  await assertAccessible(staff);
  await staff.getByLabel('名前・内容・住所で探す').fill('だるく');
  await staff.getByRole('button', { name: '探す' }).click();
  assert.equal(await staff.locator('table.grid tbody tr').count(), 1);
  await staff.goto(`${base}/cases?q=${encodeURIComponent('かくう')}`);
  await staff.locator('ul.results li a').first().click();
  const personUrl = staff.url();
  await staff.goto(`${personUrl}/resources`);
  await assertAccessible(staff);
  const first = staff.locator('#matches tbody tr').first();
  assert.match(await first.textContent(), /の課題に対応|地域の居場所/);
  const name = (await first.locator('td').nth(1).textContent()).trim();
  await first.getByRole('button', { name: '受入れを記録' }).click();
  await staff.getByText('受入れを記録しました。').waitFor();
  assert.equal(await staff.locator('section.placement', { hasText: name }).locator('tbody tr').count(), 4,
    'follow-ups with the person and the host, after 2 weeks and 3 months');
  await shot(staff, 'case-resources');
  await staff.getByRole('link', { name: '予定の確認' }).click();
  assert.equal(await staff.locator('tr', { hasText: `参加支援の確認（${name}` }).count(), 2,
    'the two-week follow-ups (person and host) are listed as due');
});

test('an event linked to a project shows as evidence on its 進行管理 entry', async () => {
  const admin = await login('plan-admin', 'demo-plan-pass');
  await admin.goto(`${base}/progress/sheet?year=R6`);
  // A long project name wraps in its fixed-width cell, so the link itself takes the click.
  await admin.getByRole('link', { name: '「社会を明るくする運動」の広報・周知' }).click();
  await admin.waitForURL(/\/progress\/\d+\/R6$/);
  const evidence = admin.locator('table', { hasText: 'この事業の証跡となる行事' });
  assert.match(await evidence.textContent(), /駅前街頭啓発（デモ）.*40 人/s);
  await assertAccessible(admin);
  await admin.getByRole('link', { name: '研修・行事' }).click();
  assert.match(await admin.locator('table.grid').textContent(), /「社会を明るくする運動」の広報・周知/);
  await assertAccessible(admin);
});

test('an admin adds a user, who picks their own password; disabling them ends their session at the next click', async () => {
  const admin = await login('admin', 'demo-admin-pass');
  await admin.getByRole('link', { name: '利用者' }).click();
  await admin.waitForURL(`${base}/admin/users`);
  await assertLabelled(admin);
  await admin.getByLabel('ユーザー名（半角英数字と . _ -、3〜64文字）').fill('e2e-worker');
  await admin.getByLabel('表示名').fill('架空 次郎');
  await admin.getByLabel('役割').selectOption('case-worker');
  await admin.getByRole('button', { name: '追加する' }).click();
  const initial = (await admin.locator('#shown-password code').textContent()).trim();
  assert.match(initial, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  if (shots) await admin.screenshot({ path: `${shots}/admin-users.png`, fullPage: true });

  // The new user signs in with the initial password and is sent to choose their own first.
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
  watchRequests(context);
  const worker = await context.newPage();
  await worker.goto(`${base}/login`);
  await worker.getByLabel('ユーザー名').fill('e2e-worker');
  await worker.getByLabel('パスワード').fill(initial);
  await worker.getByRole('button', { name: 'ログイン' }).click();
  await worker.waitForURL(`${base}/account/password`);
  await assertLabelled(worker);
  assert.match(await worker.locator('#forced').textContent(), /ご自分のパスワードを決めてください/);
  await worker.getByLabel(/いまのパスワード/).fill(initial);
  await worker.getByLabel(/^新しいパスワード（10文字以上/).fill('password1234');
  await worker.getByLabel('新しいパスワード（もう一度）').fill('password1234');
  await worker.getByRole('button', { name: '変更する' }).click();
  assert.match(await worker.locator('#password-error').textContent(), /辞書/);
  await worker.getByLabel(/いまのパスワード/).fill(initial);
  await worker.getByLabel(/^新しいパスワード（10文字以上/).fill('maple-harbor-violet');
  await worker.getByLabel('新しいパスワード（もう一度）').fill('maple-harbor-violet');
  await worker.getByRole('button', { name: '変更する' }).click();
  await worker.waitForURL(`${base}/`);
  if (shots) await worker.screenshot({ path: `${shots}/first-login-changed.png`, fullPage: true });

  // The admin disables the account; the worker's next click lands on the login page.
  await admin.goto(`${base}/admin/users`);
  await admin.locator('tr[data-user="e2e-worker"]').getByRole('button', { name: '無効にする' }).click();
  await admin.waitForURL(/\/admin\/users\?done=disabled/);
  assert.match(await admin.locator('tr[data-user="e2e-worker"]').textContent(), /無効/);
  await worker.getByRole('link', { name: '対象者' }).click();
  await worker.waitForURL(/\/login\?next=/);
  await worker.getByLabel('ユーザー名').fill('e2e-worker');
  await worker.getByLabel('パスワード').fill('maple-harbor-violet');
  await worker.getByRole('button', { name: 'ログイン' }).click();
  assert.match(await worker.locator('#login-error').textContent(), /ユーザー名またはパスワードが違います/);
  await context.close();
  await admin.context().close();
});

test('a case worker reads an unassigned record on a 第69条 ground; the auditor signs the read off', async () => {
  const staff = await login('coordinator', 'demo-case-pass');
  await staff.getByRole('link', { name: '対象者', exact: true }).click();
  await staff.getByRole('link', { name: '対象者を登録する' }).click();
  await staff.getByLabel('氏名').fill('架空 四郎');
  await staff.getByLabel('ふりがな').fill('カクウ シロウ');
  await staff.getByLabel(/生年月日/).fill('1971-07-07');
  await staff.getByLabel('現在の状況').selectOption('released');
  await staff.getByRole('button', { name: '登録する' }).click();
  await staff.getByText('登録しました。').waitFor();
  const personUrl = staff.url().split('?')[0];
  await staff.context().close();

  // Not assigned to the case worker: refused, with the form to record a ground and its reason.
  const worker = await login('caseworker', 'demo-worker-pass');
  await worker.goto(personUrl);
  await assertLabelled(worker);
  await worker.getByLabel(/法令に基づく場合/).check();
  await worker.getByLabel(/理由（10文字以上/).fill('家庭裁判所からの照会に回答するため（E2E）');
  await worker.getByRole('button', { name: '根拠を記録して閲覧する' }).click();
  await worker.getByText('架空 四郎').first().waitFor();
  assert.match(await worker.locator('.basis').textContent(), /法令に基づく場合/);
  // Within 24 hours the record opens again without asking.
  await worker.goto(personUrl);
  assert.match(await worker.locator('.basis-note').textContent(), /先に記録した理由/);
  await worker.context().close();

  // The auditor's home counts the read; the queue shows the reason; the sign-off empties it.
  const auditor = await login('auditor', 'demo-audit-pass');
  assert.match(await auditor.locator('#reviews-waiting').textContent(), /[1-9]\d*件/);
  await auditor.locator('#reviews-waiting').getByRole('link', { name: '確認する' }).click();
  await auditor.waitForURL(`${base}/audit/reviews`);
  await assertAccessible(auditor);
  const item = auditor.locator('section.ground-review', { hasText: '家庭裁判所からの照会に回答するため（E2E）' });
  await item.getByLabel('確認済み（問題なし）').check();
  await item.getByRole('button', { name: '確認を記録する' }).click();
  await auditor.waitForURL(/\/audit\/reviews\?done=1/);
  assert.match(await auditor.locator('.notice').first().textContent(), /確認を記録しました/);
  assert.equal(await auditor.locator('section.ground-review', { hasText: '家庭裁判所からの照会に回答するため（E2E）' }).count(), 0);
  if (shots) await auditor.screenshot({ path: `${shots}/audit-reviews.png`, fullPage: true });

  // The log shows the sign-off, filtered by action, with the chain's state.
  await auditor.getByRole('link', { name: '監査ログ' }).click();
  await auditor.getByLabel('操作（例: person.read）').fill('audit.ground_review');
  await auditor.getByRole('button', { name: '表示する' }).click();
  assert.match(await auditor.locator('#chain-state').textContent(), /改ざんは見つかりません/);
  assert.equal(await auditor.locator('table.audit tbody tr').count() >= 1, true);
  await assertAccessible(auditor);
  await auditor.context().close();
});

test('a city uploads its own layout, fixes one column in the preview, and next year imports in one step', async () => {
  // A sheet in another city's layout, written by ExcelJS: a title row, a 施策 merged down its
  // projects, and a column the vocabulary does not know (自己採点 is the grade).
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('説明').addRow(['自己採点: A 順調 / B おおむね順調 / C 遅れている']);
  const sheet = workbook.addWorksheet('評価表');
  sheet.addRow(['架空市 再犯防止の取組 評価表']);
  sheet.addRow(['施策', '事業名', '所管課', '自己採点', '取組実績']);
  sheet.addRow(['(1)就労の支援', '職場体験の受入れ', '産業振興課', 'A', '3社で受け入れた。']);
  sheet.addRow([null, '就労相談', '産業振興課', 'B', '相談日を設けた。']);
  sheet.addRow(['(2)住まいの確保', '住まい探しの同行', '住宅課', 'ｃ', '同行できなかった。']);
  sheet.mergeCells('A3:A4');
  const path = `${shots}/own-layout.xlsx`;
  await workbook.xlsx.writeFile(path);

  const admin = await login('plan-admin', 'demo-plan-pass');
  await admin.getByRole('link', { name: 'シートの取り込み' }).click();
  await admin.waitForURL(`${base}/progress/import`);
  await assertAccessible(admin);
  await admin.getByLabel('計画の名前').fill('架空市の評価表');
  await admin.getByLabel('評価する年度').fill('R6');
  await admin.getByLabel('評価の段階（新しい計画のとき）').selectOption('abc');
  await admin.getByLabel('ファイル').setInputFiles(path);
  await admin.getByRole('button', { name: '読み取る' }).click();
  const summary = admin.locator('.preview-summary');
  await summary.filter({ hasText: '見出しは 2 行目' }).waitFor();
  assert.match(await summary.textContent(), /シート「評価表」/);
  // Without a grade column the file cannot be imported yet: the problem is shown, the button is off.
  await admin.locator('.preview-problems').filter({ hasText: '評価の列' }).waitFor();
  assert.equal(await admin.getByRole('button', { name: 'この内容で取り込む' }).isDisabled(), true);
  // The staff member says which column is the grade; the file is read again.
  await admin.getByLabel('D列「自己採点」の役割').selectOption('grade');
  await admin.locator('.preview-tally').filter({ hasText: 'A 1事業、B 1事業、C 1事業' }).waitFor();
  assert.equal(await admin.locator('.preview-problems').isHidden(), true);
  assert.equal(await admin.getByRole('cell', { name: '職場体験の受入れ' }).count(), 1);
  await shot(admin, 'sheet-import-preview');
  await admin.getByRole('button', { name: 'この内容で取り込む' }).click();
  await admin.locator('.import-result').filter({ hasText: '取り込みました: 事業 3（新規 3）' }).waitFor();
  assert.match(await admin.locator('.import-result').textContent(), /A 1事業、B 1事業、C 1事業（計 3事業）/);

  // Next year's file of the same layout: the plan remembers the grade column.
  sheet.getCell('D3').value = 'B';
  const next = `${shots}/own-layout-r7.xlsx`;
  await workbook.xlsx.writeFile(next);
  await admin.reload();
  await admin.getByLabel('計画の名前').fill('架空市の評価表');
  await admin.getByLabel('評価する年度').fill('R7');
  await admin.getByLabel('ファイル').setInputFiles(next);
  await admin.getByRole('button', { name: '読み取る' }).click();
  await summary.filter({ hasText: '計画に保存された列の指定で読み取りました' }).waitFor();
  assert.equal(await admin.getByLabel('D列「自己採点」の役割').inputValue(), 'grade');
  // A year changed after the preview makes it stale: the confirm waits for a new preview.
  const confirm = admin.getByRole('button', { name: 'この内容で取り込む' });
  assert.equal(await confirm.isDisabled(), false);
  await admin.getByLabel('評価する年度').fill('R8');
  assert.equal(await confirm.isDisabled(), true);
  assert.match(await admin.locator('.import-result').textContent(), /もう一度「読み取る」/);
  await admin.getByLabel('評価する年度').fill('R7');
  assert.equal(await confirm.isDisabled(), true, 'typing the year back is no preview');
  await admin.getByRole('button', { name: '読み取る' }).click();
  await admin.waitForFunction(() => !document.querySelector('[data-confirm]').disabled);
  await admin.getByRole('button', { name: 'この内容で取り込む' }).click();
  await admin.locator('.import-result').filter({ hasText: '（新規 0）' }).waitFor();
  assert.match(await admin.locator('.import-result').textContent(), /A 0事業、B 2事業、C 1事業（計 3事業）/);
  await admin.context().close();
});
