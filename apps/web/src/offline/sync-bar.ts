/**
 * The bar under the header that says what the outbox holds: "offline", "N checks not sent yet" with
 * "send now", and every refused check (kept, with the reason, until the responder dismisses it). Hidden
 * when there is nothing to say.
 */
import { h, replaceContent } from '../dom';
import { codeLabel, hasLabel, t, tf, type MessageKey } from '../i18n';
import { formatDateTime } from '../ui';
import type { TickQueue, TickQueueState } from './tick-queue';

export class SyncBar {
  readonly element = h('div', { class: 'sync-bar', 'data-testid': 'sync-bar', role: 'status', 'aria-live': 'polite' });
  private state: TickQueueState;
  private readonly stop: () => void;

  constructor(private readonly ticks: TickQueue) {
    this.state = ticks.state();
    this.stop = ticks.onChange((s) => {
      this.state = s;
      this.render();
    });
    this.render();
  }

  relabel(): void {
    this.render();
  }

  destroy(): void {
    this.stop();
    this.element.remove();
  }

  private render(): void {
    const s = this.state;
    const pending = s.pending.length;
    const show = !s.online || pending > 0 || s.rejected.length > 0;
    this.element.hidden = !show;
    this.element.dataset.pending = String(pending);
    this.element.dataset.rejected = String(s.rejected.length);
    this.element.dataset.online = String(s.online);
    if (!show) return replaceContent(this.element);
    const sendNow = pending > 0 && !s.otherOwner ? h('button', { type: 'button', class: 'button button-small', 'data-testid': 'sync-send-now', disabled: s.sending }, s.sending ? t('sync.sending') : t('sync.sendNow')) : null;
    sendNow?.addEventListener('click', () => void this.ticks.flush());
    const discard = s.otherOwner ? h('button', { type: 'button', class: 'button button-small' }, t('sync.discardOther')) : null;
    discard?.addEventListener('click', () => {
      if (window.confirm(t('sync.discardConfirm'))) void this.ticks.discardOtherOwner();
    });
    replaceContent(
      this.element,
      h(
        'div',
        { class: 'sync-row' },
        h(
          'p',
          { class: 'sync-text' },
          !s.online ? h('strong', { class: 'sync-offline', 'data-testid': 'sync-offline' }, `${t('sync.offline')} `) : null,
          pending > 0 ? h('strong', { 'data-testid': 'sync-pending' }, tf('sync.pending', { n: pending })) : null,
          pending > 0 && !s.otherOwner ? ` ${t('sync.pendingHint')}` : null,
          s.otherOwner ? ` ${tf('sync.otherOwner', { n: pending + s.rejected.length })}` : null,
        ),
        sendNow,
        discard,
      ),
      s.rejected.length > 0
        ? h(
            'div',
            { class: 'sync-rejected', 'data-testid': 'sync-rejected' },
            h('p', { class: 'sync-rejected-title' }, tf('sync.rejected', { n: s.rejected.length })),
            h(
              'ul',
              {},
              ...s.rejected.map((item) => {
                const ok = h('button', { type: 'button', class: 'button button-small', 'data-testid': 'sync-dismiss' }, t('sync.dismiss'));
                ok.addEventListener('click', () => void this.ticks.dismiss(item.clientEventId));
                const code = item.rejected?.code ?? '';
                const reason = hasLabel('sync.reason', code) ? t(`sync.reason.${code}` as MessageKey) : (item.rejected?.message ?? code);
                return h(
                  'li',
                  { 'data-task-id': item.taskId },
                  h('span', {}, tf('sync.rejectedItem', { outcome: codeLabel('taskStatus', item.outcome), time: formatDateTime(item.observedAt), reason })),
                  ' ',
                  ok,
                );
              }),
            ),
          )
        : null,
    );
  }
}
