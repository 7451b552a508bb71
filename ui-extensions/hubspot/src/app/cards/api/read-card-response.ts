/** Turns what the backend answered into something the card can show, without trusting its shape. */
import type { VipCardView } from '../types/vip-card-view';

export type CardResult =
  | { kind: 'view'; view: VipCardView }
  /** 404 CUSTOMER_NOT_FOUND: the record is not in the VIP program yet. */
  | { kind: 'notFound'; message: string | null }
  /** Anything else that went wrong; `message` is the server's plain-language text when it sent one. */
  | { kind: 'failed'; message: string | null };

const STATUSES: readonly string[] = ['vip', 'not_vip', 'not_scored'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A shallow check of the fields the card reads first; the contract suite pins the rest. */
export function isVipCardView(value: unknown): value is VipCardView {
  if (!isRecord(value)) return false;
  return (
    value.version === 1 &&
    typeof value.status === 'string' &&
    STATUSES.includes(value.status) &&
    isRecord(value.customer) &&
    isRecord(value.feedback) &&
    ['reasons', 'topContributions', 'flags', 'nextActions', 'complaints'].every((key) => Array.isArray(value[key])) &&
    typeof value.openTasks === 'number' &&
    typeof value.openComplaints === 'number'
  );
}

function errorBody(body: unknown): { code: string | null; message: string | null } {
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  const message = error && typeof error.message === 'string' && error.message.trim() !== '' ? error.message : null;
  return { code: error && typeof error.code === 'string' ? error.code : null, message };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

export async function readCardResponse(response: Response): Promise<CardResult> {
  const body = await readJson(response);
  if (response.ok) return isVipCardView(body) ? { kind: 'view', view: body } : { kind: 'failed', message: null };
  const { code, message } = errorBody(body);
  if (response.status === 404 && code === 'CUSTOMER_NOT_FOUND') return { kind: 'notFound', message };
  return { kind: 'failed', message };
}
