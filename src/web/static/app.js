// Progressive enhancement only: every page works without this file.
// - Buttons marked data-print appear and open the browser's print dialog.
// - A form marked data-keep warns before the page is left with unsaved typing.
'use strict';

document.querySelectorAll('[data-print]').forEach((button) => {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
});

document.querySelectorAll('form[data-keep]').forEach((form) => {
  let dirty = false;
  form.addEventListener('input', () => { dirty = true; });
  form.addEventListener('submit', () => { dirty = false; });
  window.addEventListener('beforeunload', (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = '';
  });
});

// A form marked data-upload sends its chosen file as the request body to the API path named
// there (the import routes take the file's bytes) and shows the answer: counts, or every row's
// problem. Without scripts, the command line does the same (tsunagu import resources).
document.querySelectorAll('form[data-upload]').forEach((form) => {
  const status = form.querySelector('.upload-result');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = form.querySelector('input[type=file]').files[0];
    if (!file) { status.textContent = 'ファイルを選んでください。'; return; }
    status.textContent = '取り込んでいます…';
    const url = form.dataset.upload + '?name=' + encodeURIComponent(file.name);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'X-CSRF-Token': form.dataset.csrf, 'Content-Type': 'application/octet-stream' },
      body: file,
    });
    const body = await response.json();
    if (response.ok) {
      status.textContent = `取り込みました（新規 ${body.added} 件、更新 ${body.updated} 件）。ページを読み込み直すと一覧に表示されます。`;
      return;
    }
    const details = (body.error.details || []).map((d) => `${d.line} 行目「${d.field}」: ${d.message}`);
    status.textContent = [body.error.message, ...details].join('\n');
    status.classList.add('error');
  });
});

// The sheet import (/progress/import): the chosen file goes to the preview route, which says
// how it was read; the staff member corrects any column's role (each change reads the file
// again) and confirms, which sends the same file and choices to the import route. The roles
// chosen here travel as column=ROLE=HEADER; the server saves them with the plan.
// Shared by the two import pages: table cells and list items from text, a file posted raw with
// the page's CSRF token, and an API error as lines of text.
const cell = (text) => { const td = document.createElement('td'); td.textContent = text; return td; };
const item = (text) => { const li = document.createElement('li'); li.textContent = text; return li; };
const postFile = (path, q, file, csrf) => fetch(`${path}?${q}`, {
  method: 'POST',
  headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/octet-stream' },
  body: file,
});
const errorText = (body) => [body.error.message, ...(body.error.details || []).map(
  (d) => `${d.line ? d.line + '行目 ' : ''}${d.field ? d.field + ' ' : ''}${d.message}`)].join('\n');

document.querySelectorAll('form[data-sheet-import]').forEach((form) => {
  const section = document.querySelector('.sheet-preview');
  const confirmButton = section.querySelector('[data-confirm]');
  const result = section.querySelector('.import-result');
  const problems = section.querySelector('.preview-problems');
  let chosen = new Map();  // header → role chosen on this page ('extra' keeps it as an extra field)
  let previewed = null;    // { q, file } of the preview on the page: the confirm sends exactly that

  const query = () => {
    const q = new URLSearchParams();
    q.set('plan', form.elements.plan.value.trim());
    q.set('year', form.elements.year.value.trim());
    q.set('filename', form.elements.file.files[0].name);
    if (form.elements.sheet.value.trim()) q.set('sheet', form.elements.sheet.value.trim());
    if (form.elements.preset.value) q.set('preset', form.elements.preset.value);
    for (const [header, role] of chosen) q.append('column', `${role}=${header}`);
    return q.toString();
  };
  const post = (path, q, file) => postFile(path, q, file, form.dataset.csrf);

  const render = (p) => {
    section.hidden = false;
    const sheet = p.sheet ? `シート「${p.sheet}」、` : '';
    section.querySelector('.preview-summary').textContent = p.header_found
      ? `${sheet}見出しは ${p.header_line} 行目です。区分 ${p.category_count}、事業 ${p.project_count}。` +
        (p.used_saved_mapping ? '計画に保存された列の指定で読み取りました。' : '')
      : '見出しの行が見つかりません。';
    const columns = section.querySelector('.preview-columns tbody');
    columns.replaceChildren();
    for (const c of p.columns) {
      const tr = document.createElement('tr');
      tr.append(cell(c.column), cell(c.header));
      const select = document.createElement('select');
      select.setAttribute('aria-label', `${c.column}列「${c.header}」の役割`);
      select.append(new Option('追加項目として保存', 'extra', false, c.role === null));
      for (const r of p.roles) select.append(new Option(r.label, r.role, false, c.role === r.role));
      select.addEventListener('change', () => { chosen.set(c.header, select.value); preview(); });
      const td = document.createElement('td');
      td.append(select);
      tr.append(td);
      columns.append(tr);
    }
    const rows = section.querySelector('.preview-rows tbody');
    rows.replaceChildren();
    for (const r of p.projects) {
      const tr = document.createElement('tr');
      tr.append(cell(r.line), cell(r.number), cell(r.name), cell(r.departments.join('・')),
                cell(r.grade || '評価なし'));
      rows.append(tr);
    }
    const counts = Object.entries(p.tally).filter(([k]) => !['year', 'total', 'ungraded'].includes(k));
    section.querySelector('.preview-tally').textContent =
      `集計: ${counts.map(([k, v]) => `${k} ${v}事業`).join('、')}（計 ${p.tally.total}事業）`;
    const changes = section.querySelector('.preview-changes');
    changes.replaceChildren(item(`追加 ${p.changes.added.length}、名前の変更 ${p.changes.renamed.length}、ファイルにない事業 ${p.changes.gone.length}（消さずに残します）`));
    for (const r of p.changes.renamed) changes.append(item(`名前の変更 ${r.number}: ${r.from} → ${r.to}`));
    for (const g of p.changes.gone) changes.append(item(`ファイルにない: ${g}`));
    const list = problems.querySelector('ul');
    list.replaceChildren(...p.problems.map((x) => item(
      `${x.line ? x.line + '行目 ' : ''}${x.column ? x.column + ' ' : ''}${x.message}`)));
    problems.hidden = p.problems.length === 0;
    section.querySelector('.preview-warnings').replaceChildren(...p.warnings.map((w) => item(`注意: ${w}`)));
    confirmButton.disabled = p.problems.length > 0 || !p.header_found;
  };

  const preview = async () => {
    previewed = null;
    confirmButton.disabled = true;
    result.textContent = '読み取っています…';
    result.classList.remove('error');
    const q = query();
    const file = form.elements.file.files[0];
    const response = await post('/api/v1/progress/import/preview', q, file);
    const body = await response.json();
    if (!response.ok) {
      section.hidden = false;
      confirmButton.disabled = true;
      result.textContent = errorText(body);
      result.classList.add('error');
      return;
    }
    result.textContent = '';
    previewed = { q, file };
    render(body);
  };

  // A file, year, plan, sheet or scale changed after the preview: what is shown is no longer
  // what would be imported, so the confirm waits for a new preview.
  const stale = () => {
    if (previewed === null) return;
    previewed = null;
    confirmButton.disabled = true;
    result.classList.remove('error');
    result.textContent = '入力が変わりました。もう一度「読み取る」を押して確かめてから取り込んでください。';
  };
  form.addEventListener('input', stale);
  form.addEventListener('change', stale);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    chosen = new Map();
    preview();
  });
  confirmButton.addEventListener('click', async () => {
    if (previewed === null) return;
    confirmButton.disabled = true;
    result.textContent = '取り込んでいます…';
    const response = await post('/api/v1/progress/import', previewed.q, previewed.file);
    const body = await response.json();
    if (!response.ok) {
      result.textContent = errorText(body);
      result.classList.add('error');
      return;
    }
    const counts = Object.entries(body.tally).filter(([k]) => !['year', 'total', 'ungraded'].includes(k));
    result.textContent = `取り込みました: 事業 ${body.projects_created + body.projects_updated}` +
      `（新規 ${body.projects_created}）。${counts.map(([k, v]) => `${k} ${v}事業`).join('、')}（計 ${body.tally.total}事業）`;
  });
});

// /plan/import: a policy table read first (POST /api/v1/plans/import/preview), then imported
// exactly as previewed (/api/v1/plans/import). Changing any field after the preview turns the
// confirm off until the file is read again.
document.querySelectorAll('form[data-policy-import]').forEach((form) => {
  const section = document.querySelector('.policy-preview');
  const confirmButton = section.querySelector('[data-confirm]');
  const result = section.querySelector('.import-result');
  const problems = section.querySelector('.preview-problems');
  let previewed = null;  // { q, file }

  const query = () => {
    const q = new URLSearchParams();
    q.set('plan', form.elements.plan.value.trim());
    q.set('filename', form.elements.file.files[0].name);
    for (const key of ['family', 'position', 'period', 'sheet']) {
      const value = form.elements[key].value.trim();
      if (value) q.set(key, value);
    }
    return q.toString();
  };
  const post = (path, q, file) => postFile(path, q, file, form.dataset.csrf);

  const render = (p) => {
    section.hidden = false;
    const count = p.goals.reduce((n, g) => n + g.policies.length, 0);
    section.querySelector('.preview-summary').textContent = p.header_found
      ? `${p.sheet ? `シート「${p.sheet}」、` : ''}見出しは ${p.header_line} 行目です。基本目標 ${p.goals.length}、施策 ${count}。` +
        (p.plan_exists ? '既にある計画の施策はこの表で置き換わります。' : '新しい計画として加えます。')
      : `基本目標 ${p.goals.length}、施策 ${count}。`;
    const columns = section.querySelector('.preview-columns tbody');
    columns.replaceChildren(...p.columns.map((c) => {
      const tr = document.createElement('tr');
      tr.append(cell(c.column), cell(c.header), cell(c.role || '取り込みません'));
      return tr;
    }));
    const rows = section.querySelector('.preview-policies tbody');
    rows.replaceChildren();
    for (const g of p.goals) {
      const head = document.createElement('tr');
      const th = document.createElement('th');
      th.colSpan = 3;
      th.scope = 'rowgroup';
      th.textContent = `基本目標${g.no} ${g.title}`;
      head.append(th);
      rows.append(head);
      for (const x of g.policies) {
        const tr = document.createElement('tr');
        tr.append(cell(x.line), cell(x.code), cell(x.text + (x.priority ? '（重点施策）' : '')));
        rows.append(tr);
      }
    }
    const all = [...p.problems.map((x) => `${x.line ? x.line + '行目 ' : ''}${x.column ? x.column + ' ' : ''}${x.message}`),
                 ...p.family_problems];
    problems.querySelector('ul').replaceChildren(...all.map(item));
    problems.hidden = all.length === 0;
    section.querySelector('.preview-warnings').replaceChildren(
      ...[...p.warnings, ...p.family_warnings].map((w) => item(`注意: ${w}`)));
    confirmButton.disabled = all.length > 0;
  };

  const preview = async () => {
    previewed = null;
    confirmButton.disabled = true;
    result.classList.remove('error');
    result.textContent = '読み取っています…';
    const q = query();
    const file = form.elements.file.files[0];
    const response = await post('/api/v1/plans/import/preview', q, file);
    const body = await response.json();
    if (!response.ok) {
      section.hidden = false;
      result.textContent = errorText(body);
      result.classList.add('error');
      return;
    }
    result.textContent = '';
    previewed = { q, file };
    render(body);
  };
  const stale = () => {
    if (previewed === null) return;
    previewed = null;
    confirmButton.disabled = true;
    result.textContent = '入力が変わりました。もう一度「読み取る」を押して確かめてから取り込んでください。';
  };
  form.addEventListener('input', stale);
  form.addEventListener('change', stale);
  form.addEventListener('submit', (event) => { event.preventDefault(); preview(); });
  confirmButton.addEventListener('click', async () => {
    if (previewed === null) return;
    confirmButton.disabled = true;
    result.textContent = '取り込んでいます…';
    const response = await post('/api/v1/plans/import', previewed.q, previewed.file);
    const body = await response.json();
    if (!response.ok) {
      result.textContent = errorText(body);
      result.classList.add('error');
      return;
    }
    result.textContent = `取り込みました: 基本目標 ${body.goals}、施策 ${body.policies}` +
      `（追加 ${body.added}、変更 ${body.changed}、削除 ${body.removed}）。` +
      body.warnings.map((w) => ` 注意: ${w}`).join('');
  });
});
