// System: each queue's depth, consumers and message rates (GET /api/system/queues, read from the RabbitMQ
// management API; admin keys), readiness, and links to the broker's own UI and the API reference.

import { ApiError, get } from './api.js';
import { format, h, poll, replaceChildren } from './dom.js';

const refreshMs = 5000;

export function systemView(container) {
  const controller = new AbortController();
  const signal = controller.signal;
  const summary = h('p', { class: 'summary' });
  const message = h('p', { class: 'banner', hidden: true });
  const links = h('ul', { class: 'links' });
  const queues = h('div', { class: 'table-wrap' });
  const ready = h('span', { class: 'badge' }, '…');
  const live = h('p', { class: 'live muted' });

  container.append(h('section', { class: 'page system' },
    h('header', { class: 'page-head' }, h('h1', {}, 'System'), h('p', {}, 'Readiness ', ready)),
    summary, message, queues, h('h2', {}, 'Links'), links, live));

  renderLinks(null);
  const refresher = poll(refresh, refreshMs);

  async function refresh() {
    checkReady();
    let overview;
    try {
      overview = await get('/api/system/queues', { signal });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 403 || error.status === 502)) {
        message.hidden = false;
        message.textContent = error.status === 403 ? 'The queue figures need a key with the admin role.' : error.message;
        return;
      }
      throw error;
    }
    message.hidden = true;
    replaceChildren(summary, `Transport: ${overview.transport}`, overview.virtualHost ? ` · virtual host ${overview.virtualHost}` : '');
    if (overview.detail) summary.append(h('span', { class: 'detail' }, overview.detail));
    renderQueues(overview.queues);
    renderLinks(overview.managementUi);
    live.textContent = `Live · read ${format.clock(new Date(overview.readAt))}`;
  }

  async function checkReady() {
    try {
      const response = await fetch('/health/ready', { signal, cache: 'no-store' });
      ready.textContent = response.ok ? 'ready' : 'not ready';
      ready.className = `badge ${response.ok ? 'ok' : 'bad'}`;
    } catch {
      ready.textContent = 'unreachable';
      ready.className = 'badge bad';
    }
  }

  function renderQueues(list) {
    if (!list.length) return replaceChildren(queues);
    const number = (value, label, extra = '') => h('td', { class: `num ${extra}`.trim(), 'data-label': label }, String(value));
    replaceChildren(queues, h('table', { class: 'grid', id: 'queues' },
      h('thead', {}, h('tr', {}, ['Queue', 'Service', 'Messages', 'Ready', 'Unacked', 'Consumers', 'Publish/s', 'Deliver/s', 'Ack/s']
        .map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, list.map((queue) => h('tr', {
        dataset: { queue: queue.name },
        class: [queue.name.endsWith('_error') && queue.messages ? 'has-errors' : '', queue.service && !queue.consumers ? 'no-consumers' : ''].filter(Boolean).join(' ') || null,
      },
      h('td', { class: 'name', 'data-label': 'Queue' }, queue.name),
      h('td', { 'data-label': 'Service' }, queue.service ?? '—'),
      number(queue.messages, 'Messages', 'messages'),
      number(queue.ready, 'Ready'),
      number(queue.unacknowledged, 'Unacked'),
      number(queue.consumers, 'Consumers', 'consumers'),
      number(format.rate(queue.publishRate), 'Publish/s'),
      number(format.rate(queue.deliverRate), 'Deliver/s'),
      number(format.rate(queue.ackRate), 'Ack/s'))))));
  }

  function renderLinks(managementUi) {
    const link = (href, text, note) => h('li', {}, h('a', { href, target: href.startsWith('/') ? null : '_blank', rel: 'noopener' }, text), note ? h('span', { class: 'muted' }, ` · ${note}`) : null);
    replaceChildren(links,
      managementUi ? link(managementUi, 'RabbitMQ management UI', 'queues, exchanges, publishing by hand') : null,
      link('/scalar', 'API reference (Scalar)', 'every endpoint, tried in the browser'),
      link('/openapi/v1.json', 'OpenAPI document'),
      link('/health/ready', 'Readiness', 'bus and database'),
      link('/metrics', 'Prometheus metrics'));
  }

  return () => {
    refresher.stop();
    controller.abort();
  };
}
