// Small DOM and formatting helpers: enough to build views without a framework.

const svgNamespace = 'http://www.w3.org/2000/svg';

function build(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'text') element.textContent = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: h('a', { href: '#/x', class: 'link' }, 'text', otherNode). */
export const h = (tag, attributes, ...children) => build(document.createElement(tag), attributes, children);

/** An SVG element, like h. */
export const s = (tag, attributes, ...children) => build(document.createElementNS(svgNamespace, tag), attributes, children);

export function replaceChildren(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

// The reader's locale for dates; times on a 24-hour clock, so that a timeline's columns line up.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23' });
const shortTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

export const format = {
  dateTime: (iso) => (iso ? dateTime.format(new Date(iso)) : '—'),
  time: (iso) => (iso ? timeOnly.format(new Date(iso)) : '—'),
  clock: (date) => shortTime.format(date),
  duration(ms) {
    if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
    const minutes = Math.floor(ms / 60_000);
    if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
    return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  },
  between: (from, to) => (from && to ? format.duration(new Date(to) - new Date(from)) : '—'),
  bytes(n) {
    if (n === null || n === undefined) return '—';
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
    return `${(n / 1024 / 1024).toFixed(1)} MB`;
  },
  percent: (p) => `${Math.round(p * 100)}%`,
  rate: (r) => (r ? r.toFixed(r < 10 ? 1 : 0) : '0'),
};

/** A state's badge; the state name is also its colour class. */
export const stateBadge = (state) => h('span', { class: `badge state state-${state}` }, state);

/** Step status badge (Pending, Running, Succeeded, Failed, TimedOut, Skipped, Cancelled). */
export const statusBadge = (status) => h('span', { class: `badge status status-${status}` }, status);

/**
 * Runs fn now and then every intervalMs (a number or a function returning one) until stopped; skips runs while the
 * tab is hidden, and never overlaps two runs.
 */
export function poll(fn, intervalMs) {
  let stopped = false;
  let running = false;
  let timer = null;
  const schedule = () => {
    if (!stopped) timer = setTimeout(run, typeof intervalMs === 'function' ? intervalMs() : intervalMs);
  };
  async function run() {
    clearTimeout(timer);
    if (stopped || running) return;
    running = true;
    try {
      if (!document.hidden) await fn();
    } catch (error) {
      if (error?.name !== 'AbortError') console.warn(error);
    } finally {
      running = false;
      schedule();
    }
  }
  run();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    now: () => run(),
  };
}

/** The part of the hash after '?', as URLSearchParams. */
export function hashQuery() {
  const hash = location.hash;
  const question = hash.indexOf('?');
  return new URLSearchParams(question < 0 ? '' : hash.slice(question + 1));
}
