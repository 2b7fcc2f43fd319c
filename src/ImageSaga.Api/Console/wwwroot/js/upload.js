// Upload: drop (or choose) photos. One photo goes to POST /api/images, several to POST /api/batches (checked
// whole, then started a few at a time); the request shows its progress, then every image is followed live until its
// execution finishes. Uploads of this tab are kept while you look at other pages.

import { ApiError, get, upload } from './api.js';
import { format, h, poll, replaceChildren, stateBadge } from './dom.js';
import { toast } from './shell.js';

const followMs = 1500;
const sessions = [];

export function uploadView(container) {
  const controller = new AbortController();
  const input = h('input', { type: 'file', id: 'files', multiple: true, accept: 'image/*', class: 'visually-hidden', onchange: () => start([...input.files]) });
  const zone = h('div', {
    class: 'dropzone', id: 'dropzone', tabindex: 0, role: 'button', 'aria-label': 'Drop photos here, or press Enter to choose files',
    onclick: () => input.click(),
    onkeydown: (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        input.click();
      }
    },
    ondragenter: over, ondragover: over,
    ondragleave: () => zone.classList.remove('over'),
    ondrop: (event) => {
      event.preventDefault();
      zone.classList.remove('over');
      start([...(event.dataTransfer?.files ?? [])]);
    },
  }, h('strong', {}, 'Drop photos here'), h('span', {}, 'or click to choose · one photo starts one execution, several start a batch'));
  const inFlight = h('input', { type: 'number', id: 'max-in-flight', min: 1, max: 64, value: 4 });
  const list = h('div', { class: 'uploads', id: 'uploads' });

  container.append(h('section', { class: 'page upload' },
    h('header', { class: 'page-head' }, h('h1', {}, 'Upload')),
    zone, input,
    h('div', { class: 'field inline' }, h('label', { for: 'max-in-flight' }, 'A batch runs at most'), inFlight, h('span', {}, 'images at once')),
    list));

  function over(event) {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    zone.classList.add('over');
  }

  function start(files) {
    const images = files.filter((file) => file.type.startsWith('image/') || /\.(jpe?g|png|gif|bmp|webp|tiff?)$/i.test(file.name));
    if (images.length < files.length) toast(`${files.length - images.length} file(s) skipped: not images`, 'error');
    if (!images.length) return;
    const session = { files: images, progress: 0, error: null, images: [], batch: null, finished: false, element: null };
    sessions.unshift(session);
    render();
    send(session);
    input.value = '';
  }

  async function send(session) {
    const form = new FormData();
    const single = session.files.length === 1;
    if (single) form.append('file', session.files[0], session.files[0].name);
    else {
      for (const file of session.files) form.append('files', file, file.name);
      form.append('maxInFlight', String(Math.min(64, Math.max(1, Number(inFlight.value) || 4))));
    }
    try {
      const accepted = await upload(single ? '/api/images' : '/api/batches', form, (progress) => {
        session.progress = progress;
        update(session);
      });
      if (single) session.images = [{ imageId: accepted.imageId, fileName: session.files[0].name, state: 'Starting' }];
      else {
        session.batch = { batchId: accepted.batchId, state: 'Submitted' };
        session.images = accepted.images.map((image) => ({ imageId: image.imageId, fileName: image.fileName, state: image.state }));
      }
      follower.now();
    } catch (error) {
      session.error = error.message;
      session.finished = true;
    }
    update(session);
  }

  async function follow() {
    for (const session of sessions.filter((s) => !s.finished && s.images.length)) {
      try {
        if (session.batch) {
          const batch = await get(`/api/batches/${session.batch.batchId}`, { signal: controller.signal });
          session.batch = batch;
          session.images = batch.images.map((image) => ({ imageId: image.imageId, fileName: image.fileName, state: image.state }));
          session.finished = Boolean(batch.finishedAt);
        } else {
          const status = await get(`/api/images/${session.images[0].imageId}`, { signal: controller.signal });
          session.images = [{ imageId: status.imageId, fileName: status.originalFileName, state: status.state }];
          session.finished = Boolean(status.finishedAt);
        }
      } catch (error) {
        // The saga or batch appears a moment after the upload is accepted.
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
      update(session);
    }
  }

  function render() {
    replaceChildren(list, sessions.map((session) => {
      session.element ??= h('article', { class: 'upload-session' });
      update(session);
      return session.element;
    }));
  }

  function update(session) {
    if (!session.element) return;
    const single = session.files.length === 1;
    const size = session.files.reduce((sum, file) => sum + file.size, 0);
    const finished = session.images.filter((image) => !['Queued', 'Starting', 'Analyzing', 'Enriching', 'AwaitingReview'].includes(image.state)).length;
    replaceChildren(session.element,
      h('header', {},
        h('strong', {}, single ? session.files[0].name : `Batch of ${session.files.length} photos`),
        h('span', { class: 'muted' }, ` · ${format.bytes(size)}`),
        session.batch?.batchId ? h('span', { class: 'muted' }, ` · batch ${session.batch.batchId.slice(0, 8)}`) : null),
      session.images.length || session.error ? null
        : h('div', { class: 'progress' }, h('progress', { max: 1, value: session.progress, 'aria-label': 'Upload progress' }), h('span', {}, format.percent(session.progress))),
      session.error ? h('p', { class: 'error' }, `Not accepted: ${session.error}`) : null,
      session.images.length
        ? h('p', { class: 'muted' }, `${finished} of ${session.images.length} finished`
          + (session.batch?.peakInFlight ? ` · at most ${session.batch.peakInFlight} ran at once` : ''))
        : null,
      session.images.length
        ? h('ul', { class: 'followed' }, session.images.map((image) => h('li', { dataset: { imageId: image.imageId, state: image.state } },
          h('a', { href: `#/executions/${image.imageId}` }, image.fileName || image.imageId), ' ', stateBadge(image.state))))
        : null);
  }

  render();
  const follower = poll(follow, followMs);
  return () => {
    follower.stop();
    controller.abort();
    for (const session of sessions) session.element = null;
  };
}
