/** What a card shows, as one value: exactly one of these at a time. */
import type { CardResult } from '../api/read-card-response';
import type { VipCardView } from '../types/vip-card-view';

export type CardState =
  | { status: 'loading' }
  | { status: 'error'; message: string | null }
  /** `view` is null when the backend does not know the record (404); `message` explains why. */
  | { status: 'notVip'; view: VipCardView | null; message: string | null }
  | { status: 'vip'; view: VipCardView };

export function stateFromView(view: VipCardView): CardState {
  return view.status === 'vip' ? { status: 'vip', view } : { status: 'notVip', view, message: null };
}

export function stateFromResult(result: CardResult): CardState {
  switch (result.kind) {
    case 'view':
      return stateFromView(result.view);
    case 'notFound':
      return { status: 'notVip', view: null, message: result.message };
    case 'failed':
      return { status: 'error', message: result.message };
  }
}
