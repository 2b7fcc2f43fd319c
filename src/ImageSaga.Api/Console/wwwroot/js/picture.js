// An image's thumbnail (fetched with the key, shown as a blob: URL), blurred until clicked when moderation flagged
// it, with the detection and face boxes drawn over it. The boxes are in upright original pixels; the overlay's
// viewBox is the original's size, so they land on the thumbnail (the same picture, scaled) by scaling alone.

import { objectUrl } from './api.js';
import { h, s } from './dom.js';

export class Picture {
  constructor({ alt = '', flagged = false } = {}) {
    this.url = null;
    this.source = null;
    this.img = h('img', { alt, decoding: 'async' });
    this.overlay = null;
    this.revealed = false;
    this.reveal = h('button', {
      type: 'button',
      class: 'reveal',
      onclick: () => {
        this.revealed = true;
        this.setFlagged(false);
      },
    },
      'Flagged by moderation', h('span', {}, 'Click to show'));
    this.placeholder = h('div', { class: 'placeholder muted' }, 'No picture yet');
    this.element = h('figure', { class: 'thumb loading' }, this.placeholder, this.img, this.reveal);
    this.setFlagged(flagged);
  }

  /** Loads /api/images/{id}/thumbnail unless already shown from the same source (stored beats scaled-from-original). */
  async load(imageId, { signal, wantStored = false } = {}) {
    if (this.url && (this.source === 'stored' || !wantStored)) return;
    try {
      const { url, source } = await objectUrl(`/api/images/${imageId}/thumbnail`, { signal });
      this.dispose();
      this.url = url;
      this.source = source;
      await new Promise((resolve) => {
        this.img.addEventListener('load', resolve, { once: true });
        this.img.addEventListener('error', resolve, { once: true });
        this.img.src = url;
      });
      this.element.classList.remove('loading');
      this.element.classList.add('loaded');
    } catch (error) {
      if (error.name === 'AbortError') return;
      this.placeholder.textContent = error.status === 404 ? 'The picture is no longer stored' : `No picture: ${error.message}`;
    }
  }

  /** Blurs a flagged picture until someone clicks it (once revealed it stays revealed). */
  setFlagged(flagged) {
    const hide = flagged && !this.revealed;
    this.element.classList.toggle('flagged', hide);
    this.reveal.hidden = !hide;
  }

  /** Draws objects and faces over the picture; width/height: the upright original's size. */
  setBoxes({ width, height, objects = [], faces = [], showObjects = true, showFaces = true }) {
    this.overlay?.remove();
    this.overlay = null;
    if (!width || !height) return;
    const font = Math.max(width, height) / 42;
    const objectGroup = s('g', { class: 'objects', hidden: !showObjects }, objects.map((object) => {
      const { x, y, width: w, height: hh } = object.box;
      const label = `${object.label} ${Math.round(object.score * 100)}%`;
      const above = y > font * 1.3;
      return s('g', { class: 'object', dataset: { label: object.label } },
        s('title', {}, label),
        s('rect', { class: 'box object', x, y, width: w, height: hh, 'vector-effect': 'non-scaling-stroke', dataset: { label: object.label } }),
        s('text', { class: 'box-label', x: x + font * 0.2, y: above ? y - font * 0.3 : y + font, 'font-size': font }, label));
    }));
    const radius = Math.max(width, height) / 180;
    const faceGroup = s('g', { class: 'faces', hidden: !showFaces }, faces.map((face, i) => s('g', { class: 'face' },
      s('title', {}, `face ${i + 1}: ${Math.round(face.score * 100)}%`),
      s('rect', { class: 'box face', x: face.box.x, y: face.box.y, width: face.box.width, height: face.box.height, 'vector-effect': 'non-scaling-stroke' }),
      (face.landmarks ?? []).map((point) => s('circle', { class: 'landmark', cx: point.x, cy: point.y, r: radius }, s('title', {}, point.name))))));
    this.overlay = s('svg', { class: 'boxes', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', 'aria-hidden': 'true' }, objectGroup, faceGroup);
    this.img.after(this.overlay);
  }

  toggle(kind, visible) {
    this.overlay?.querySelector(`.${kind}`)?.toggleAttribute('hidden', !visible);
  }

  dispose() {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
  }
}
