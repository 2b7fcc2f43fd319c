// Executions: the list of analyses, newest first, filtered by state, user, label and date, refreshed every two
// seconds (GET /api/images polls cheaply: one indexed query and the counts), with the counts by state on top.

import { get } from './api.js';
import { format, h, hashQuery, poll, replaceChildren, stateBadge } from './dom.js';
import { stateMachine, whoAmI } from './shell.js';

const pageSize = 50;
const maxRows = 200;
const refreshMs = 2000;

export function executionsView(container) {
  const controller = new AbortController();
  const query = hashQuery();
  const filters = Object.fromEntries(['state', 'userId', 'label', 'from', 'to'].map((name) => [name, query.get(name) ?? '']));
  let limit = pageSize;
  let stateNames = [];
  let lastPage = null;

  const counts = h('div', { class: 'counts', role: 'group', 'aria-label': 'Executions by state' });
  const stateSelect = h('select', { id: 'filter-state', name: 'state' }, h('option', { value: '' }, 'Any state'));
  const input = (name, attributes) => h('input', { id: `filter-${name}`, name, value: filters[name], autocomplete: 'off', ...attributes });
  const field = (name, label, control, attributes) => h('div', { class: 'field', ...attributes }, h('label', { for: `filter-${name}` }, label), control);
  const userField = field('userId', 'User', input('userId', { type: 'search', placeholder: 'any user' }), { hidden: true });
  const form = h('form', { class: 'filters', role: 'search', onsubmit: (event) => event.preventDefault() },
    field('state', 'State', stateSelect),
    userField,
    field('label', 'Label', input('label', { type: 'search', placeholder: 'e.g. dog' })),
    field('from', 'From', input('from', { type: 'date' })),
    field('to', 'To', input('to', { type: 'date' })),
    h('button', { type: 'button', class: 'secondary', onclick: clearFilters }, 'Clear'));
  const rows = h('tbody');
  const table = h('table', { class: 'grid', id: 'executions' },
    h('thead', {}, h('tr', {},
      ['Image', 'State', 'User', 'Started', 'Duration', 'Labels'].map((title) => h('th', { scope: 'col' }, title)))),
    rows);
  const empty = h('p', { class: 'empty', hidden: true }, 'No executions match. ', h('a', { href: '#/upload' }, 'Upload a photo'), ' to start one.');
  const more = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: showMore }, 'Show more');
  const live = h('p', { class: 'live muted' });

  container.append(h('section', { class: 'page executions' },
    h('header', { class: 'page-head' }, h('h1', {}, 'Executions'), h('a', { href: '#/upload', class: 'button primary' }, 'Upload photos')),
    counts, form, h('div', { class: 'table-wrap' }, table), empty, h('div', { class: 'more' }, more), live));

  let debounce = null;
  form.addEventListener('input', (event) => {
    clearTimeout(debounce);
    debounce = setTimeout(() => applyFilters(), event.target.type === 'search' ? 300 : 0);
  });

  stateMachine().then((machine) => {
    stateNames = machine.states.filter((state) => !state.initial).map((state) => state.name);
    stateSelect.append(...stateNames.map((name) => h('option', { value: name }, name)));
    stateSelect.value = filters.state;
    if (lastPage) renderCounts(lastPage.countsByState);
  }).catch(() => {});
  whoAmI().then((me) => {
    userField.hidden = !me.roles.includes('admin');
  }).catch(() => {});

  const refresher = poll(refresh, refreshMs);

  function applyFilters() {
    for (const name of Object.keys(filters)) filters[name] = form.elements[name].value.trim();
    const search = new URLSearchParams(Object.entries(filters).filter(([, value]) => value)).toString();
    // replaceState: the filters live in the address (shareable, kept on Back) without re-mounting the view.
    history.replaceState(null, '', `#/executions${search ? `?${search}` : ''}`);
    limit = pageSize;
    refresher.now();
  }

  function clearFilters() {
    form.reset();
    for (const element of form.elements) if ('value' in element && element.tagName !== 'BUTTON') element.value = '';
    applyFilters();
  }

  function showMore() {
    limit = Math.min(limit + pageSize, maxRows);
    refresher.now();
  }

  async function refresh() {
    const parameters = new URLSearchParams({ limit: String(limit) });
    if (filters.state) parameters.set('state', filters.state);
    if (filters.userId) parameters.set('userId', filters.userId);
    if (filters.label) parameters.set('label', filters.label);
    if (filters.from) parameters.set('from', localMidnight(filters.from, 0));
    if (filters.to) parameters.set('to', localMidnight(filters.to, 1));
    try {
      const page = await get(`/api/images?${parameters}`, { signal: controller.signal });
      lastPage = page;
      renderCounts(page.countsByState);
      renderRows(page.items);
      empty.hidden = page.items.length > 0;
      more.hidden = !page.nextCursor || limit >= maxRows;
      live.classList.remove('error');
      live.textContent = `Live · updated ${format.clock(new Date())}`
        + (page.nextCursor && limit >= maxRows ? ` · showing the newest ${maxRows}; narrow the filters to see older ones` : '');
    } catch (error) {
      if (error.name === 'AbortError') return;
      live.classList.add('error');
      live.textContent = `Could not refresh: ${error.message}`;
    }
  }

  function renderCounts(countsByState) {
    const total = Object.values(countsByState).reduce((sum, n) => sum + n, 0);
    const names = [...new Set([...stateNames, ...Object.keys(countsByState)])];
    const chip = (state, label, count) => h('button', {
      type: 'button',
      class: `count${state ? ` state-${state}` : ''}`,
      'aria-pressed': String(filters.state === state),
      dataset: { state: state || 'all' },
      onclick: () => {
        stateSelect.value = filters.state === state ? '' : state;
        applyFilters();
      },
    }, h('span', { class: 'n' }, String(count)), h('span', { class: 'label' }, label));
    replaceChildren(counts, chip('', 'All', total), names.map((name) => chip(name, name, countsByState[name] ?? 0)));
  }

  const cache = new Map();

  function renderRows(items) {
    const now = Date.now();
    const present = new Set();
    const ordered = items.map((item) => {
      present.add(item.imageId);
      const signature = JSON.stringify(item);
      let entry = cache.get(item.imageId);
      if (!entry || entry.signature !== signature) {
        entry = { signature, row: row(item), item };
        cache.set(item.imageId, entry);
      }
      // A running execution's duration grows between answers.
      if (!item.finishedAt) entry.row.querySelector('.duration').textContent = format.duration(now - new Date(item.createdAt));
      return entry.row;
    });
    for (const id of [...cache.keys()]) if (!present.has(id)) cache.delete(id);
    rows.replaceChildren(...ordered);
  }

  function row(item) {
    const link = `#/executions/${item.imageId}`;
    return h('tr', {
      dataset: { imageId: item.imageId, state: item.state },
      onclick: (event) => {
        if (!event.target.closest('a, button')) location.hash = link;
      },
    },
    h('td', { class: 'name', 'data-label': 'Image' },
      h('a', { href: link }, item.originalFileName || '(no name)'),
      h('span', { class: 'id muted' }, item.imageId.slice(0, 8))),
    h('td', { 'data-label': 'State' }, stateBadge(item.state),
      item.failureReason ? h('span', { class: 'reason' }, item.failureReason) : null,
      item.redrives ? h('span', { class: 'muted' }, ` · redriven ${item.redrives}×`) : null),
    h('td', { 'data-label': 'User' }, item.userId),
    h('td', { 'data-label': 'Started' }, h('time', { datetime: item.createdAt }, format.dateTime(item.createdAt))),
    h('td', { class: 'duration num', 'data-label': 'Duration' }, format.between(item.createdAt, item.finishedAt)),
    h('td', { class: 'labels', 'data-label': 'Labels' }, h('div', { class: 'chips' }, item.labels.slice(0, 8).map((label) => h('button', {
      type: 'button',
      class: 'chip',
      dataset: { label },
      title: `Show executions labelled ${label}`,
      onclick: () => {
        form.elements.label.value = label;
        applyFilters();
      },
    }, label)))));
  }

  return () => {
    refresher.stop();
    controller.abort();
    clearTimeout(debounce);
  };
}

/** A date input's day as the instant its local midnight begins, plus days (the "to" day is inclusive). */
function localMidnight(day, plusDays) {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date + plusDays).toISOString();
}
