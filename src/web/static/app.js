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
