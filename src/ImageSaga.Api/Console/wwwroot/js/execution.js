// One execution: the state machine with this execution drawn over it, the picture with its boxes, every result,
// the notifications sent about it and its history as a timeline; cancel and redrive. Refreshed every two seconds
// while it runs, and every ten once it has finished (notifications and their deliveries arrive afterwards).

import { ApiError, get, post } from './api.js';
import { format, h, poll, replaceChildren, stateBadge, statusBadge } from './dom.js';
import { renderGraph } from './graph.js';
import { Picture } from './picture.js';
import { stateMachine, toast } from './shell.js';

const runningMs = 2000;
const finishedMs = 10000;
const narrow = window.matchMedia('(max-width: 760px)');

export function executionView(container, imageId) {
  const controller = new AbortController();
  const signal = controller.signal;
  let status = null;
  let history = [];
  let machine = null;
  let graphSignature = '';
  const shown = { objects: true, faces: true };

  const title = h('h1', {}, 'Execution');
  const badge = h('span', { class: 'head-state' });
  const cancel = h('button', { type: 'button', class: 'danger', id: 'cancel', disabled: true, onclick: () => operate('cancel') }, 'Cancel');
  const redrive = h('button', { type: 'button', class: 'secondary', id: 'redrive', disabled: true, onclick: () => operate('redrive') }, 'Redrive');
  const subtitle = h('p', { class: 'sub muted' }, imageId);
  const banner = h('p', { class: 'banner', hidden: true });
  const graph = h('div', { class: 'graph', id: 'graph' }, h('p', { class: 'muted' }, 'Loading the state machine…'));
  const picture = new Picture({ alt: 'Thumbnail' });
  const toggles = h('div', { class: 'toggles' });
  const steps = h('div', { class: 'table-wrap' });
  const results = h('div', { class: 'results' });
  const notifications = h('div', { class: 'notifications' }, h('p', { class: 'muted' }, 'None yet.'));
  const timeline = h('ol', { class: 'timeline', id: 'history' });

  const panel = (heading, ...content) => h('section', { class: 'panel' }, h('h2', {}, heading), ...content);
  container.append(h('article', { class: 'page execution', dataset: { imageId } },
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/executions' }, 'Executions'), ' / ', h('span', {}, imageId.slice(0, 8))),
    h('header', { class: 'page-head' }, h('div', { class: 'title' }, title, badge), h('div', { class: 'actions' }, cancel, redrive)),
    subtitle, banner,
    panel('State machine', graph, legend()),
    h('div', { class: 'columns' },
      h('div', { class: 'column' },
        panel('Picture', picture.element, toggles),
        panel('Results', results)),
      h('div', { class: 'column' },
        panel('Steps', steps),
        panel('Notifications', notifications),
        panel('History', timeline)))));

  stateMachine().then((loaded) => {
    machine = loaded;
    drawGraph();
  }).catch((error) => replaceChildren(graph, h('p', { class: 'error' }, `The state machine could not be loaded: ${error.message}`)));
  const redraw = () => drawGraph(true);
  narrow.addEventListener('change', redraw);

  const refresher = poll(refresh, () => (status?.finishedAt ? finishedMs : runningMs));

  async function refresh() {
    try {
      status = await get(`/api/images/${imageId}`, { signal });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        banner.hidden = false;
        banner.textContent = status ? 'This execution is no longer visible with this key.' : 'No execution with this id yet (a saga appears a moment after its upload), or it belongs to another user.';
        return;
      }
      throw error;
    }
    banner.hidden = true;
    history = await get(`/api/images/${imageId}/history`, { signal }).catch((error) => (error.status === 404 ? [] : Promise.reject(error)));
    render();
    picture.load(imageId, { signal, wantStored: Boolean(status.fingerprint) });
    const sent = await get(`/api/users/${encodeURIComponent(status.userId)}/notifications?limit=100`, { signal }).catch(() => null);
    if (sent) renderNotifications(sent.filter((n) => n.imageId === imageId));
  }

  function render() {
    document.title = `${status.originalFileName} · ImageSaga`;
    title.textContent = status.originalFileName || '(no name)';
    replaceChildren(badge, stateBadge(status.state));
    const running = !status.finishedAt && status.state !== 'Initial';
    cancel.disabled = !running;
    redrive.disabled = status.state !== 'Failed';
    replaceChildren(subtitle,
      h('span', { class: 'id' }, status.imageId), ' · ', h('span', {}, status.userId), ' · ',
      `uploaded ${format.dateTime(status.uploadedAt)}`, ' · ', format.bytes(status.length), ' · ',
      status.finishedAt ? `took ${format.between(status.createdAt, status.finishedAt)}` : `running for ${format.between(status.createdAt, new Date().toISOString())}`,
      status.redrives ? ` · redriven ${status.redrives}×` : '');
    drawGraph();
    renderPicture();
    renderSteps();
    renderResults();
    renderHistory();
  }

  function drawGraph(force = false) {
    if (!machine) return;
    const direction = narrow.matches ? 'TB' : 'LR';
    const signature = JSON.stringify([direction, status?.state, status?.steps, history.length]);
    if (!force && signature === graphSignature) return;
    graphSignature = signature;
    replaceChildren(graph, renderGraph(machine, status ? { state: status.state, steps: status.steps, history } : null, direction));
  }

  function renderPicture() {
    picture.setFlagged(Boolean(status.moderation?.flagged));
    const size = status.detection?.imageWidth
      ? { width: status.detection.imageWidth, height: status.detection.imageHeight }
      : { width: status.metadata?.orientedWidth, height: status.metadata?.orientedHeight };
    const objects = status.detection?.objects ?? [];
    const faces = status.faces?.faces ?? [];
    picture.setBoxes({ ...size, objects, faces, showObjects: shown.objects, showFaces: shown.faces });
    const toggle = (kind, label, count) => h('label', { class: 'toggle' },
      h('input', {
        type: 'checkbox', checked: shown[kind], disabled: !count,
        onchange: (event) => {
          shown[kind] = event.target.checked;
          picture.toggle(kind, shown[kind]);
        },
      }), ` ${label} (${count})`);
    replaceChildren(toggles,
      toggle('objects', 'Objects', objects.length),
      toggle('faces', 'Faces', faces.length),
      status.fingerprint ? null : h('span', { class: 'muted' }, ' · scaled from the original until the fingerprint step stores the thumbnail'));
  }

  function renderSteps() {
    const order = machine?.steps.map((step) => step.name) ?? Object.keys(status.steps);
    const names = [...order.filter((name) => name in status.steps), ...Object.keys(status.steps).filter((name) => !order.includes(name))];
    replaceChildren(steps, h('table', { class: 'grid compact', id: 'steps' },
      h('thead', {}, h('tr', {}, ['Step', 'Status', 'Attempts', 'Started', 'Duration', 'Reason'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, names.map((name) => {
        const step = status.steps[name];
        return h('tr', { dataset: { step: name, status: step.status } },
          h('td', { 'data-label': 'Step' }, name, step.required ? h('span', { class: 'muted', title: 'A required step fails the saga' }, ' · required') : null),
          h('td', { 'data-label': 'Status' }, statusBadge(step.status)),
          h('td', { class: 'num', 'data-label': 'Attempts' }, String(step.attempts)),
          h('td', { 'data-label': 'Started' }, format.time(step.startedAt)),
          h('td', { class: 'num', 'data-label': 'Duration' }, format.duration(step.durationMs)),
          h('td', { 'data-label': 'Reason' }, step.reasonCode ? h('span', { title: step.message ?? '' }, step.reasonCode) : ''));
      }))));
  }

  function renderResults() {
    const i = status.insights;
    const m = status.metadata;
    const f = status.fingerprint;
    const sections = [];
    if (status.failure) {
      sections.push(h('div', { class: 'callout error' }, h('strong', {}, `Failed in ${status.failure.step}: ${status.failure.reasonCode}`), h('p', {}, status.failure.message)));
    }
    if (status.review) {
      const r = status.review;
      sections.push(h('div', { class: 'callout' }, h('strong', {}, `Review: ${r.decision}`), h('p', {}, r.reason),
        r.reviewedBy ? h('p', { class: 'muted' }, `by ${r.reviewedBy}`) : r.expiresAt ? h('p', { class: 'muted' }, `until ${format.dateTime(r.expiresAt)}`) : null));
    }
    if (status.cancelledBy) sections.push(h('div', { class: 'callout' }, `Cancelled by ${status.cancelledBy}`));
    if (status.warnings?.length) sections.push(h('ul', { class: 'warnings' }, status.warnings.map((w) => h('li', {}, w))));
    if (i) {
      sections.push(h('p', { class: 'description' }, i.description || ''));
      sections.push(h('div', { class: 'labels', id: 'labels' }, i.tags.map((tag) => h('span', {
        class: 'chip', dataset: { label: tag.label }, title: `${Math.round(tag.confidence * 100)}% from ${tag.sources.join(', ')}`,
      }, tag.label, tag.count > 1 ? ` ×${tag.count}` : ''))));
      if (i.highlights.length) sections.push(h('ul', { class: 'highlights' }, i.highlights.map((x) => h('li', {}, x.text))));
      if (i.interestMatches.length) sections.push(h('p', {}, `Matches your interests: ${i.interestMatches.join(', ')} (priority ${i.priority})`));
      if (i.place) sections.push(h('p', {}, `Place: ${i.place.name ?? 'unnamed'}${i.place.countryCode ? `, ${i.place.countryCode}` : ''}`
        + `${i.place.distanceKm !== null && i.place.distanceKm !== undefined ? ` (${i.place.distanceKm.toFixed(1)} km)` : ''}`));
      if (i.duplicates.length) {
        sections.push(h('p', {}, 'Looks like: ', i.duplicates.map((d, n) => [n ? ', ' : '',
          h('a', { href: `#/executions/${d.imageId}` }, d.fileName), d.exact ? ' (identical)' : ` (distance ${d.distance})`])));
      }
    } else if (status.detection?.objects.length) {
      sections.push(h('div', { class: 'labels', id: 'labels' }, [...new Set(status.detection.objects.map((o) => o.label))].map((label) => h('span', { class: 'chip', dataset: { label } }, label))));
    }
    const rows = [];
    const row = (term, value) => value !== null && value !== undefined && value !== '' && rows.push(h('dt', {}, term), h('dd', {}, value));
    if (status.classification) {
      row('Classes', status.classification.top.map((c) => `${c.label} ${Math.round(c.probability * 100)}%`).join(', ')
        + (status.classification.lowConfidence ? ' (low confidence)' : ''));
    }
    if (status.moderation) {
      row('Moderation', `${status.moderation.flagged ? `flagged${status.moderation.reason ? `: ${status.moderation.reason}` : ''}` : 'not flagged'}`);
    }
    if (status.faces) row('Faces', String(status.faces.count));
    if (m) {
      row('Format', `${m.format} · ${m.orientedWidth}×${m.orientedHeight}${m.orientation !== 1 ? ` (stored ${m.width}×${m.height}, orientation ${m.orientation})` : ''}`);
      if (m.camera) row('Camera', [m.camera.make, m.camera.model, m.camera.lensModel].filter(Boolean).join(' ')
        + [m.camera.exposureTime && ` · ${m.camera.exposureTime} s`, m.camera.fNumber && ` · f/${m.camera.fNumber}`, m.camera.iso && ` · ISO ${m.camera.iso}`,
          m.camera.focalLengthMm && ` · ${m.camera.focalLengthMm} mm`].filter(Boolean).join(''));
      row('Taken', m.takenAt ? format.dateTime(m.takenAt) : m.dateTimeOriginal);
      if (m.gps) row('GPS', `${m.gps.latitude.toFixed(5)}, ${m.gps.longitude.toFixed(5)}${m.gps.altitudeMeters ? ` · ${Math.round(m.gps.altitudeMeters)} m` : ''}`);
    }
    if (f) {
      row('Quality', `${f.quality.verdict} (${Math.round(f.quality.score * 100)}%)`);
      row('Colours', h('span', { class: 'swatches' }, f.dominantColors.map((c) => {
        const swatch = h('span', { class: 'swatch', title: `${c.hex} · ${Math.round(c.share * 100)}%` });
        swatch.style.background = c.hex;
        return swatch;
      })));
      row('Hash', h('code', {}, f.perceptualHash));
    }
    row('SHA-256', h('code', { class: 'hash' }, status.sha256));
    if (rows.length) sections.push(h('dl', { class: 'facts' }, rows));
    replaceChildren(results, sections.length ? sections : h('p', { class: 'muted' }, 'No results yet.'));
  }

  function renderHistory() {
    const start = history.length ? new Date(history[0].at) : null;
    replaceChildren(timeline, history.map((entry) => {
      const moved = entry.fromState !== entry.toState;
      const failed = /Fail|Fault|TimedOut|Deadline/.test(entry.event) || /failed|timed out/.test(entry.detail ?? '');
      return h('li', { class: [moved ? 'moved' : '', failed ? 'failed' : ''].filter(Boolean).join(' '), dataset: { event: entry.event } },
        h('time', { datetime: entry.at, title: format.dateTime(entry.at) }, format.time(entry.at)),
        h('span', { class: 'offset muted' }, start ? `+${format.duration(new Date(entry.at) - start)}` : ''),
        h('span', { class: 'event' }, entry.event),
        moved ? h('span', { class: 'transition' }, entry.fromState, ' → ', stateBadge(entry.toState)) : null,
        entry.detail ? h('span', { class: 'detail' }, entry.detail) : null);
    }));
  }

  function renderNotifications(list) {
    replaceChildren(notifications, list.length
      ? h('ul', { class: 'notification-list' }, list.map((n) => h('li', { class: `priority-${n.priority.toLowerCase()}` },
        h('strong', {}, n.title), h('p', {}, n.text),
        h('p', { class: 'muted' }, `${format.dateTime(n.createdAt)} · ${n.kind} · ${n.priority} priority`),
        h('ul', { class: 'deliveries' }, n.deliveries.map((d) => h('li', {},
          `${d.channel}: `, statusBadge(d.status), d.attempts > 1 ? ` after ${d.attempts} attempts` : '', d.detail ? ` · ${d.detail}` : ''))))))
      : h('p', { class: 'muted' }, status?.finishedAt ? 'None (yet).' : 'Sent when the analysis finishes.'));
  }

  async function operate(operation) {
    if (operation === 'cancel' && !window.confirm('Cancel this analysis? Steps already running finish, but their results are ignored.')) return;
    try {
      await post(`/api/images/${imageId}/${operation}`, {}, { signal });
      toast(operation === 'cancel' ? 'Cancel requested: the saga stops in a moment.' : 'Redrive requested: the failed steps run again.');
      refresher.now();
    } catch (error) {
      toast(`${operation} refused: ${error.message}`, 'error');
    }
  }

  return () => {
    refresher.stop();
    controller.abort();
    narrow.removeEventListener('change', redraw);
    picture.dispose();
  };
}

function legend() {
  return h('ul', { class: 'legend', 'aria-label': 'Step status colours' },
    ['Pending', 'Running', 'Succeeded', 'Failed', 'TimedOut', 'Skipped', 'Cancelled'].map((status) => h('li', { class: `status-${status}` },
      h('span', { class: 'dot' }), status)),
    h('li', { class: 'current-key' }, h('span', { class: 'ring' }), 'current state'),
    h('li', { class: 'taken-key' }, h('span', { class: 'line' }), 'path taken'));
}
