/** Mounting the card on a record page, and the fixtures and doubles its tests share. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createElement } from 'lwc';
import VipCareCard from 'c/vipCareCard';
import type { VipCardView } from '../../../../core/card/view.js';
import { LWC_DIR } from '../../tools/lwc-modules.mjs';
import { SHOW_TOAST, type ToastDetail } from '../mocks/show-toast-event.js';
import { LANG } from './labels.js';

export const CONTACT_ID = '003Dn00000VipCrAAA';
export const ACCOUNT_ID = '001Dn00000VipCrAAB';
/** The fixtures' generatedAt: the card's clocks read as the backend built them. */
export const GENERATED_AT = new Date('2026-09-14T02:00:00.000Z');
const DATA_DIR = path.join(LWC_DIR, 'vipCareCard', '__tests__', 'data');

export type ViewFixture = 'vipFull' | 'vipMinimal' | 'notVipScored' | 'notScored' | 'afterComplete' | 'afterFeedback';

/** A card view fixture in this project's language (the backend writes its texts in the language asked). */
export function view(name: ViewFixture): VipCardView {
  return JSON.parse(readFileSync(path.join(DATA_DIR, `${name}.${LANG}.json`), 'utf8')) as VipCardView;
}

/** What the controller answers for a record the backend does not know: the 404 body, as text. */
export function notFoundBody(): string {
  return readFileSync(path.join(DATA_DIR, `notFound.${LANG}.json`), 'utf8');
}

export function json(value: unknown): string {
  return JSON.stringify(value);
}

export interface MountedCard {
  element: HTMLElement;
  toasts: ToastDetail[];
}

export function mountCard(props: { recordId?: string; objectApiName?: string } = {}): MountedCard {
  const element = createElement('c-vip-care-card', { is: VipCareCard });
  Object.assign(element, { recordId: CONTACT_ID, objectApiName: 'Contact', ...props });
  const toasts: ToastDetail[] = [];
  element.addEventListener(SHOW_TOAST, (event) => toasts.push((event as CustomEvent<ToastDetail>).detail));
  document.body.appendChild(element);
  return { element, toasts };
}

export function unmountAll(): void {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
}

/** A promise the test settles when it chooses, to see the card while a call is in flight. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
