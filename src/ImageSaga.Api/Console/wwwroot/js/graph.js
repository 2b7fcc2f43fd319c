// The saga drawn from its own definition (GET /api/statemachine) with a small layered (Sugiyama-style) layout:
// transitions that go against the states' declaration order count as backwards (that breaks every cycle), every
// state goes on the layer after its farthest predecessor, a waypoint goes on each layer a long transition crosses,
// each layer is ordered by the average position of its neighbours (a few sweeps down and up), and the layers are
// placed left to right (top to bottom when narrow).
// One execution is drawn over it: the current state lit, the states and transitions its history went through
// marked, and each step's status coloured inside the state in which the step runs.

import { format, s } from './dom.js';

const nodeWidth = 158;
const titleHeight = 40;
const stepHeight = 19;
const layerGap = 104;
const nodeGap = 22;
const waypointSize = 10;
const pad = 36;
const pairOffset = 5;
const minimumScale = 0.8;

/** Computes node boxes and transition routes; direction is 'LR' or 'TB'. */
export function layout(machine, direction) {
  const horizontal = direction === 'LR';
  const stepsByState = new Map();
  for (const step of machine.steps) {
    if (!stepsByState.has(step.state)) stepsByState.set(step.state, []);
    stepsByState.get(step.state).push(step);
  }
  const nodes = machine.states.map((state, index) => {
    const steps = stepsByState.get(state.name) ?? [];
    // Top to bottom (narrow screens), a state without steps is only as wide as its name, so a layer of outcomes fits.
    const width = horizontal || steps.length ? nodeWidth : Math.min(nodeWidth, Math.max(88, 7.5 * state.name.length + 26));
    return { id: state.name, state, index, steps, waypoint: false, width, height: titleHeight + (steps.length ? steps.length * stepHeight + 8 : 0) };
  });
  const byId = new Map(nodes.map((node) => [node.id, node]));

  // 1. Layers. A transition against the order the states are declared in (the machine's reading order: a redrive, a
  //    review sending the saga back) points backwards; the others decide the layers, by the longest path to each state.
  const forward = machine.transitions.filter((t) => byId.has(t.from) && byId.has(t.to) && byId.get(t.from).index < byId.get(t.to).index);
  const predecessors = new Map(nodes.map((node) => [node.id, []]));
  for (const t of forward) predecessors.get(t.to).push(t.from);
  for (const node of [...nodes].sort((a, b) => a.index - b.index)) {
    node.layer = Math.max(-1, ...predecessors.get(node.id).map((from) => byId.get(from).layer)) + 1;
  }
  const layerCount = Math.max(0, ...nodes.map((node) => node.layer)) + 1;
  const layers = Array.from({ length: layerCount }, () => []);
  for (const node of [...nodes].sort((a, b) => a.index - b.index)) layers[node.layer].push(node);

  // 2. Routes run from the lower layer to the higher; both directions between two states share one (drawn a little
  //    apart). Transitions within a layer are drawn as arcs beside it instead.
  const routes = new Map();
  for (const t of machine.transitions) {
    if (t.from === t.to || !byId.has(t.from) || !byId.has(t.to)) continue;
    const [a, b] = [byId.get(t.from), byId.get(t.to)];
    if (a.layer === b.layer) continue;
    const [from, to] = a.layer < b.layer ? [a.id, b.id] : [b.id, a.id];
    const key = `${from}>${to}`;
    if (!routes.has(key)) routes.set(key, { key, from, to, chain: [] });
  }

  // 3. Waypoints on the layers a long transition crosses, so ordering can keep it clear of the states there.
  const neighbours = new Map(nodes.map((node) => [node, { above: [], below: [] }]));
  for (const route of routes.values()) {
    const chain = [byId.get(route.from)];
    for (let layer = byId.get(route.from).layer + 1; layer < byId.get(route.to).layer; layer++) {
      const waypoint = { id: `${route.key}#${layer}`, waypoint: true, layer, width: horizontal ? nodeWidth : waypointSize / 2, height: horizontal ? waypointSize : titleHeight };
      layers[layer].push(waypoint);
      neighbours.set(waypoint, { above: [], below: [] });
      chain.push(waypoint);
    }
    chain.push(byId.get(route.to));
    for (let i = 1; i < chain.length; i++) {
      neighbours.get(chain[i]).above.push(chain[i - 1]);
      neighbours.get(chain[i - 1]).below.push(chain[i]);
    }
    route.chain = chain;
  }

  // 4. Order within layers by barycentre, sweeping down and up.
  const position = new Map();
  const number = () => layers.forEach((layer) => layer.forEach((node, i) => position.set(node, i)));
  number();
  const sortBy = (layer, side) => {
    const weight = new Map(layer.map((node) => {
      const others = neighbours.get(node)[side];
      return [node, others.length ? others.reduce((sum, other) => sum + position.get(other), 0) / others.length : position.get(node)];
    }));
    layer.sort((a, b) => weight.get(a) - weight.get(b) || position.get(a) - position.get(b));
    layer.forEach((node, i) => position.set(node, i));
  };
  for (let sweep = 0; sweep < 4; sweep++) {
    for (let i = 1; i < layers.length; i++) sortBy(layers[i], 'above');
    for (let i = layers.length - 2; i >= 0; i--) sortBy(layers[i], 'below');
  }

  // 5. Coordinates: layers along the main axis, each layer centred on the cross axis.
  const along = (node) => (horizontal ? node.width : node.height);
  const across = (node) => (horizontal ? node.height : node.width);
  const thickness = layers.map((layer) => Math.max(...layer.map(along)));
  const gap = horizontal ? nodeGap : nodeGap / 2;
  const spans = layers.map((layer) => layer.reduce((sum, node) => sum + across(node), 0) + gap * Math.max(0, layer.length - 1));
  const crossSize = Math.max(...spans);
  let main = pad;
  layers.forEach((layer, i) => {
    let cross = pad + (crossSize - spans[i]) / 2;
    for (const node of layer) {
      const offset = (thickness[i] - along(node)) / 2;
      if (horizontal) Object.assign(node, { x: main + offset, y: cross });
      else Object.assign(node, { x: cross, y: main + offset });
      cross += across(node) + gap;
    }
    main += thickness[i] + layerGap;
  });
  const width = horizontal ? main - layerGap + pad : crossSize + 2 * pad;
  const height = horizontal ? crossSize + 2 * pad : main - layerGap + pad;

  // 6. Routes: out of one side, through the waypoints, into the other side.
  for (const route of routes.values()) {
    const points = [];
    route.chain.forEach((node, i) => {
      const enter = horizontal ? { x: node.x, y: node.y + node.height / 2 } : { x: node.x + node.width / 2, y: node.y };
      const leave = horizontal ? { x: node.x + node.width, y: enter.y } : { x: enter.x, y: node.y + node.height };
      if (i > 0) points.push(enter);
      if (i < route.chain.length - 1) points.push(leave);
    });
    route.points = points;
  }

  return { nodes, byId, routes, width, height, horizontal };
}

/** Draws the machine, and the execution over it when given ({ state, steps, history }). */
export function renderGraph(machine, execution, direction) {
  const graph = layout(machine, direction);
  const { horizontal } = graph;
  const history = execution?.history ?? [];
  const visited = new Set(history.flatMap((entry) => [entry.fromState, entry.toState]));
  const taken = new Map();
  const entered = new Map();
  for (const entry of history) {
    if (entry.fromState === entry.toState) continue;
    const key = `${entry.fromState}>${entry.toState}`;
    if (!taken.has(key)) taken.set(key, new Set());
    taken.get(key).add(entry.event);
    if (!entered.has(entry.toState)) entered.set(entry.toState, entry.at);
  }
  const pairs = new Set(machine.transitions.map((t) => `${t.from}>${t.to}`));

  const marker = (id) => s('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' },
    s('path', { d: 'M0,0 L10,5 L0,10 z', class: id }));
  const current = execution?.state;
  const svg = s('svg', {
    class: `machine ${horizontal ? 'lr' : 'tb'}`,
    viewBox: `0 0 ${Math.ceil(graph.width)} ${Math.ceil(graph.height)}`,
    role: 'img',
    'aria-label': `State machine ${machine.name}${current ? `; the execution is ${current}` : ''}`,
    width: Math.ceil(graph.width),
    height: Math.ceil(graph.height),
  }, s('defs', {}, marker('arrow'), marker('arrow-taken')));

  const edges = s('g', { class: 'edges' });
  const labels = s('g', { class: 'edge-labels' });
  const named = new Set();
  const placed = [];
  let extentX = graph.width;
  let extentY = graph.height;
  for (const t of machine.transitions) {
    const a = graph.byId.get(t.from);
    const b = graph.byId.get(t.to);
    if (!a || !b) continue;
    const key = `${t.from}>${t.to}`;
    const wasTaken = taken.has(key);
    const backwards = a.index > b.index;
    const reverse = pairs.has(`${t.to}>${t.from}`);
    let d;
    let labelAt = null;
    if (a === b) {
      // A loop on the state's corner: the transition re-enters the state (the join decided to stay).
      const x = a.x + a.width - 34;
      d = `M${x},${a.y} C${x - 6},${a.y - 34} ${x + 34},${a.y - 34} ${x + 24},${a.y}`;
    } else if (a.layer === b.layer) {
      // An arc beside the layer, further out the further apart the two states are.
      const from = horizontal ? { x: a.x + a.width, y: a.y + a.height / 2 } : { x: a.x + a.width / 2, y: a.y + a.height };
      const to = horizontal ? { x: b.x + b.width, y: b.y + b.height / 2 } : { x: b.x + b.width / 2, y: b.y + b.height };
      const bulge = 26 + 0.3 * Math.abs(horizontal ? from.y - to.y : from.x - to.x) + (reverse && backwards ? 16 : 0);
      d = horizontal
        ? `M${from.x},${from.y} C${from.x + bulge},${from.y} ${to.x + bulge},${to.y} ${to.x},${to.y}`
        : `M${from.x},${from.y} C${from.x},${from.y + bulge} ${to.x},${to.y + bulge} ${to.x},${to.y}`;
      labelAt = horizontal ? { x: from.x + 0.75 * bulge, y: (from.y + to.y) / 2 } : { x: (from.x + to.x) / 2, y: from.y + 0.75 * bulge + 10 };
      if (horizontal) extentX = Math.max(extentX, from.x + bulge + pad, from.x + 0.75 * bulge + 60);
      else extentY = Math.max(extentY, from.y + bulge + pad);
    } else {
      const route = graph.routes.get(a.layer < b.layer ? key : `${t.to}>${t.from}`);
      // Both directions between the same states: each a little to its own side.
      const offset = reverse ? (a.layer < b.layer ? -pairOffset : pairOffset) : 0;
      let points = route.points.map((p) => (horizontal ? { x: p.x, y: p.y + offset } : { x: p.x + offset, y: p.y }));
      if (a.layer > b.layer) points = points.reverse();
      d = pathThrough(points, horizontal);
      labelAt = midpoint(points);
    }

    const description = `${t.from} → ${t.to}${t.conditional ? ' (when the join decides so)' : ''}: ${t.events.join(', ')}`;
    const classes = ['edge', a === b ? 'self' : '', wasTaken ? 'taken' : '', backwards ? 'back' : '', t.conditional ? 'conditional' : ''].filter(Boolean).join(' ');
    edges.append(
      s('path', { d, class: 'edge-hit' }, s('title', {}, description)),
      s('path', { d, class: classes, 'marker-end': `url(#${wasTaken ? 'arrow-taken' : 'arrow'})`, dataset: { from: t.from, to: t.to } },
        s('title', {}, description)));

    // What happened on a path taken; otherwise a lone event's name, once (the rest say it on hover).
    const text = wasTaken ? [...taken.get(key)].join(', ') : t.events.length === 1 && !named.has(t.events[0]) ? t.events[0] : null;
    const spot = text && labelAt ? freeSpot(placed, labelAt, text, horizontal) : null;
    if (spot) {
      named.add(text);
      labels.append(s('text', { x: spot.x, y: spot.y - 4, class: `edge-label${wasTaken ? ' taken' : ''}`, 'text-anchor': 'middle' }, text));
    }
  }
  svg.setAttribute('viewBox', `0 0 ${Math.ceil(extentX)} ${Math.ceil(extentY)}`);
  svg.setAttribute('width', Math.ceil(extentX));
  svg.setAttribute('height', Math.ceil(extentY));
  // Fit the width, but never shrink the text below legibility: a narrow screen scrolls the graph sideways instead.
  svg.style.width = `min(${Math.ceil(extentX)}px, max(100%, ${Math.round(extentX * minimumScale)}px))`;
  svg.append(edges);

  const states = s('g', { class: 'states' });
  for (const node of graph.nodes) {
    const state = node.state;
    const classes = ['node', `state-${state.name}`,
      state.initial ? 'initial' : '', state.terminal ? 'terminal' : '',
      visited.has(state.name) ? 'visited' : '', current === state.name ? 'current' : ''].filter(Boolean).join(' ');
    const group = s('g', { class: classes, transform: `translate(${node.x},${node.y})`, dataset: { state: state.name } },
      s('title', {}, `${state.name}${state.staysOn.length ? `; stays on ${state.staysOn.join(', ')}` : ''}`),
      s('rect', { class: 'box', width: node.width, height: node.height, rx: 10 }),
      s('text', { class: 'name', x: 12, y: 18 }, state.name),
      s('text', { class: 'when', x: 12, y: 33 },
        whenText(state, current === state.name, entered.get(state.name))));
    node.steps.forEach((step, i) => {
      const progress = execution?.steps?.[step.name];
      const status = progress?.status ?? 'Pending';
      const y = titleHeight + 4 + i * stepHeight;
      group.append(s('g', { class: `step status-${status}`, transform: `translate(8,${y})`, dataset: { step: step.name, status } },
        s('title', {}, `${step.name} (${step.queue}): ${status}${progress?.durationMs ? ` in ${format.duration(progress.durationMs)}` : ''}`
          + `${progress?.attempts > 1 ? `, ${progress.attempts} attempts` : ''}${progress?.reasonCode ? `, ${progress.reasonCode}` : ''}`),
        s('rect', { class: 'pill', width: node.width - 16, height: stepHeight - 3, rx: 8 }),
        s('circle', { class: 'dot', cx: 9, cy: (stepHeight - 3) / 2, r: 4 }),
        s('text', { class: 'step-name', x: 19, y: 12 }, step.name),
        s('text', { class: 'step-status', x: node.width - 24, y: 12, 'text-anchor': 'end' }, stepNote(status, progress))));
    });
    states.append(group);
  }
  svg.append(states, labels);
  return svg;
}

/** When the execution entered the state: "now" while it is there, "end" marks a state nothing leaves. */
function whenText(state, isCurrent, at) {
  const time = at ? format.clock(new Date(at)) : '';
  if (isCurrent) return state.terminal ? `at ${time}`.trim() : `now${time ? ` · since ${time}` : ''}`;
  return time || (state.terminal ? 'end' : '');
}

function stepNote(status, progress) {
  if (status === 'Succeeded' && progress?.durationMs) return format.duration(progress.durationMs);
  if (status === 'Running') return progress?.attempts > 1 ? `attempt ${progress.attempts}` : 'running';
  return { Pending: '', Succeeded: 'done', Failed: 'failed', TimedOut: 'timed out', Skipped: 'skipped', Cancelled: 'cancelled' }[status] ?? status;
}

/**
 * Where a label fits without covering one already placed: its own spot, or a little further along the cross axis;
 * null when none of a few tries is free (the transition still names its events on hover).
 */
function freeSpot(placed, at, text, horizontal) {
  const width = 5.6 * text.length + 6;
  const height = 13;
  for (const shift of [0, 12, -12, 24, -24]) {
    const box = { x: at.x - width / 2 + (horizontal ? 0 : shift * 4), y: at.y - height + (horizontal ? shift : 0), width, height };
    if (!placed.some((other) => box.x < other.x + other.width && other.x < box.x + box.width && box.y < other.y + other.height && other.y < box.y + box.height)) {
      placed.push(box);
      return { x: box.x + width / 2, y: box.y + height };
    }
  }
  return null;
}

/** A smooth curve through the points, leaving and entering each along the layout's main axis. */
function pathThrough(points, horizontal) {
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (horizontal) {
      const mx = (a.x + b.x) / 2;
      d += ` C${mx},${a.y} ${mx},${b.y} ${b.x},${b.y}`;
    } else {
      const my = (a.y + b.y) / 2;
      d += ` C${a.x},${my} ${b.x},${my} ${b.x},${b.y}`;
    }
  }
  return d;
}

function midpoint(points) {
  if (points.length > 2) {
    const i = Math.floor((points.length - 1) / 2);
    return { x: (points[i].x + points[i + 1].x) / 2, y: (points[i].y + points[i + 1].y) / 2 };
  }
  return { x: (points[0].x + points[1].x) / 2, y: (points[0].y + points[1].y) / 2 };
}
