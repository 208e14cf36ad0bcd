// Progressive enhancement for the start page: log in, show the plan outline, log out.
'use strict';

const state = { csrf: '' };

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = state.csrf;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const data = res.status === 204 ? null : await res.json();
  if (!res.ok) throw new Error((data && data.error && data.error.message) || 'エラーが発生しました。');
  return data;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

function renderPlans(data) {
  const root = document.getElementById('plans');
  root.replaceChildren();
  if (data.plans.length === 0) {
    root.append(el('p', {}, '計画はまだ登録されていません。'));
    return;
  }
  const marks = ['①', '②', '③', '④'];
  for (const plan of data.plans) {
    root.append(el('h3', {}, `${plan.name}（${plan.period.label}）`));
    for (const goal of plan.goals) {
      const section = el('section', { class: 'goal' }, el('h3', {}, `基本目標${goal.no} ${goal.title}`));
      for (const p of goal.policies) {
        const head = el('p', {}, el('span', { class: 'code' }, p.code), p.text);
        if (p.priority) head.append(el('span', { class: 'priority' }, '重点施策'));
        const box = el('article', { class: 'policy' }, head);
        if (p.viewpoints.length) box.append(el('p', { class: 'viewpoints' }, '視点 ' + p.viewpoints.map(v => marks[v - 1]).join('')));
        section.append(box);
      }
      root.append(section);
    }
  }
}

function showSignedIn(user) {
  document.getElementById('login-section').hidden = true;
  document.getElementById('plan-section').hidden = false;
  document.getElementById('who').hidden = false;
  document.getElementById('who-name').textContent = `${user.display_name}（${user.role_label}）`;
}

async function loadPlans() {
  renderPlans(await api('GET', '/api/v1/plans'));
}

async function start() {
  try {
    const session = await api('GET', '/api/v1/session');
    state.csrf = session.csrf_token;
    showSignedIn(session.user);
    await loadPlans();
  } catch (e) {
    document.getElementById('username').focus();
  }
}

document.getElementById('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = document.getElementById('login-error');
  error.hidden = true;
  try {
    const result = await api('POST', '/api/v1/login', {
      username: document.getElementById('username').value,
      password: document.getElementById('password').value,
    });
    state.csrf = result.csrf_token;
    showSignedIn(result.user);
    await loadPlans();
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
  }
});

document.getElementById('logout').addEventListener('click', async () => {
  try { await api('POST', '/api/v1/logout'); } finally { location.reload(); }
});

start();
