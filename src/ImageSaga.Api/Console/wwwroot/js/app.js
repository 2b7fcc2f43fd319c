// The console's entry: hash routes and the API key dialog. Each view is a function that fills a container and returns
// a function that stops it (its polling and requests) when the route changes.

import { onKeyNeeded, storeApiKey } from './api.js';
import { refreshCaller, setAskForKey, setSignOut, whoAmI } from './shell.js';
import { executionsView } from './executions.js';
import { executionView } from './execution.js';
import { reviewsView } from './reviews.js';
import { uploadView } from './upload.js';
import { systemView } from './system.js';

const routes = [
  { pattern: /^#\/executions\/([0-9a-fA-F-]{36})$/, nav: 'executions', view: (container, match) => executionView(container, match[1]) },
  { pattern: /^#\/executions(?:\?.*)?$/, nav: 'executions', view: executionsView },
  { pattern: /^#\/reviews$/, nav: 'reviews', view: reviewsView },
  { pattern: /^#\/upload$/, nav: 'upload', view: uploadView },
  { pattern: /^#\/system$/, nav: 'system', view: systemView },
];

const main = document.getElementById('view');
let stopCurrent = null;

function route() {
  const hash = location.hash || '#/executions';
  const found = routes.map((r) => ({ ...r, match: hash.match(r.pattern) })).find((r) => r.match);
  if (!found) {
    location.replace('#/executions');
    return;
  }
  stopCurrent?.();
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === found.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.replaceChildren();
  stopCurrent = found.view(main, found.match) ?? null;
  main.focus({ preventScroll: true });
}

// ---------------------------------------------------------------------------------------------------------- key dialog

const dialog = document.getElementById('key-dialog');
const keyForm = document.getElementById('key-form');
const keyInput = document.getElementById('api-key');
const keyMessage = document.getElementById('key-message');
let pendingKey = null;
let declined = false;

/**
 * Shows the dialog once however many requests are waiting; they all retry with the key entered. Once someone closes
 * it without a key, the polling views do not reopen it every few seconds: the header's "Enter key" does.
 */
function promptForKey(message, { force = false } = {}) {
  if (declined && !force) return Promise.reject(new Error('No API key was entered.'));
  declined = false;
  if (!pendingKey) {
    pendingKey = new Promise((resolve, reject) => {
      keyMessage.textContent = message ?? '';
      keyMessage.hidden = !message;
      keyInput.value = '';
      const submitted = (event) => {
        event.preventDefault();
        if (!keyInput.value.trim()) return;
        storeApiKey(keyInput.value);
        finish();
        resolve();
        refreshCaller();
      };
      const cancelled = () => {
        declined = true;
        finish();
        reject(new Error('No API key was entered.'));
      };
      const finish = () => {
        keyForm.removeEventListener('submit', submitted);
        dialog.removeEventListener('cancel', cancelled);
        if (dialog.open) dialog.close();
        pendingKey = null;
      };
      keyForm.addEventListener('submit', submitted);
      dialog.addEventListener('cancel', cancelled);
      dialog.showModal();
      keyInput.focus();
    });
  }
  return pendingKey;
}

onKeyNeeded(promptForKey);
setSignOut(route);
setAskForKey(() => promptForKey(null, { force: true }).then(route, () => {}));

window.addEventListener('hashchange', route);
whoAmI().catch(() => {});
route();
