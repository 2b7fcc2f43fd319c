// Review queue: the analyses waiting for a person (GET /api/reviews, reviewer or admin keys), each with its picture
// (blurred until clicked when moderation flagged it) and approve / reject by its task token.

import { ApiError, get, post } from './api.js';
import { format, h, poll } from './dom.js';
import { Picture } from './picture.js';
import { toast } from './shell.js';

const refreshMs = 3000;

export function reviewsView(container) {
  const controller = new AbortController();
  const signal = controller.signal;
  const cards = new Map();

  const list = h('div', { class: 'review-grid', id: 'reviews' });
  const empty = h('p', { class: 'empty', hidden: true }, 'Nothing waits for review.');
  const message = h('p', { class: 'banner', hidden: true });
  const live = h('p', { class: 'live muted' });
  container.append(h('section', { class: 'page reviews' },
    h('header', { class: 'page-head' }, h('h1', {}, 'Review queue')),
    h('p', { class: 'muted intro' }, 'Analyses paused for a person: moderation flagged the picture, or the classification was too uncertain. '
      + 'Approving continues the analysis; rejecting ends it and quarantines the original.'),
    message, list, empty, live));

  const refresher = poll(refresh, refreshMs);

  async function refresh() {
    let pending;
    try {
      pending = await get('/api/reviews', { signal });
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) {
        message.hidden = false;
        message.textContent = 'Deciding reviews needs a key with the reviewer or admin role.';
        return;
      }
      throw error;
    }
    message.hidden = true;
    const present = new Set(pending.map((review) => review.taskToken));
    for (const [token, card] of cards) {
      if (!present.has(token)) {
        card.picture.dispose();
        card.element.remove();
        cards.delete(token);
      }
    }
    for (const review of pending) {
      if (!cards.has(review.taskToken)) {
        const card = renderCard(review);
        cards.set(review.taskToken, card);
        list.append(card.element);
        card.picture.load(review.imageId, { signal });
      }
      cards.get(review.taskToken).expires.textContent = `decide by ${format.dateTime(review.expiresAt)}`;
    }
    empty.hidden = pending.length > 0;
    live.textContent = `Live · updated ${format.clock(new Date())}`;
  }

  function renderCard(review) {
    const flagged = review.reason.startsWith('moderation');
    const picture = new Picture({ alt: review.originalFileName, flagged });
    const outcome = h('p', { class: 'outcome', 'aria-live': 'polite' });
    const decide = (decision) => async () => {
      approve.disabled = true;
      reject.disabled = true;
      try {
        await post(`/api/reviews/${encodeURIComponent(review.taskToken)}`, { decision }, { signal });
        outcome.textContent = decision === 'approve' ? 'Approved: the analysis goes on.' : 'Rejected: the analysis ends.';
        toast(`${review.originalFileName}: ${decision === 'approve' ? 'approved' : 'rejected'}`);
        setTimeout(() => refresher.now(), 800);
      } catch (error) {
        approve.disabled = false;
        reject.disabled = false;
        outcome.textContent = `Not accepted: ${error.message}`;
        outcome.classList.add('error');
      }
    };
    const approve = h('button', { type: 'button', class: 'primary approve', onclick: decide('approve') }, 'Approve');
    const reject = h('button', { type: 'button', class: 'danger reject', onclick: decide('reject') }, 'Reject');
    const expires = h('p', { class: 'muted' });
    const element = h('article', { class: `review-card${flagged ? ' is-flagged' : ''}`, dataset: { imageId: review.imageId } },
      picture.element,
      h('div', { class: 'body' },
        h('h2', {}, h('a', { href: `#/executions/${review.imageId}` }, review.originalFileName || review.imageId)),
        h('p', { class: 'reason' }, review.reason),
        h('p', { class: 'muted' }, `by ${review.userId}`),
        expires,
        h('div', { class: 'actions' }, approve, reject),
        outcome));
    return { element, picture, expires };
  }

  return () => {
    refresher.stop();
    controller.abort();
    for (const card of cards.values()) card.picture.dispose();
  };
}
