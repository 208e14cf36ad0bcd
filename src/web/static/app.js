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
