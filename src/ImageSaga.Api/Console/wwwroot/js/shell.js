// What every view shares: the caller (GET /api/me) shown in the header, the state machine's description, and toasts.

import { apiKey, forgetApiKey, get } from './api.js';
import { h, replaceChildren } from './dom.js';

// -------------------------------------------------------------------------------------------------------------- header

const who = document.getElementById('who');

/** The caller (GET /api/me); views that adapt to roles await whoAmI(). */
let caller = null;
let callerLoaded = null;

export function whoAmI() {
  callerLoaded ??= get('/api/me').then((me) => {
    caller = me;
    renderCaller();
    return me;
  }).catch((error) => {
    callerLoaded = null;
    caller = null;
    renderCaller();
    throw error;
  });
  return callerLoaded;
}

export function refreshCaller() {
  callerLoaded = null;
  whoAmI().catch(() => {});
}

let askForKey = () => {};

/** What the header's "Enter key" button does (the router opens the key dialog). */
export function setAskForKey(ask) {
  askForKey = ask;
}

function renderCaller() {
  if (!caller) return replaceChildren(who, h('button', { type: 'button', class: 'link', onclick: () => askForKey() }, 'Enter key'));
  const roles = caller.roles.join(', ');
  replaceChildren(who,
    h('span', { class: 'user', title: `Roles: ${roles}` }, caller.userId),
    caller.keyless
      ? h('span', { class: 'muted', title: 'The embedded host on loopback accepts requests without a key' }, ' · no key needed')
      : h('span', { class: 'muted' }, ` · ${roles}`),
    apiKey() ? h('button', { type: 'button', class: 'link', onclick: signOut }, 'Forget key') : null);
}

let afterSignOut = () => {};

/** What to do once the key is forgotten (the router re-renders the view, which asks for a key again). */
export function setSignOut(then) {
  afterSignOut = then;
}

function signOut() {
  forgetApiKey();
  caller = null;
  renderCaller();
  afterSignOut();
}

// -------------------------------------------------------------------------------------------------------------- toasts

const toasts = document.getElementById('toasts');

/** A short message in the corner; kind is 'ok' or 'error'. */
export function toast(text, kind = 'ok') {
  const item = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
  toasts.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

// --------------------------------------------------------------------------------------------------- the state machine

let machineLoaded = null;

/** The saga's states, transitions and steps (GET /api/statemachine), fetched once. */
export function stateMachine() {
  machineLoaded ??= get('/api/statemachine').catch((error) => {
    machineLoaded = null;
    throw error;
  });
  return machineLoaded;
}

