/**
 * Types of the modules the test plugin provides, as the tests import them: the card's own
 * service modules (plain JS on the platform), the components, and the platform doubles.
 */
declare module 'c/vipCareFormat' {
  export type SlaTone = 'error' | 'warning' | 'success' | 'info';
  export interface SlaComplaint {
    status: string;
    clock: { state: string; msLeft: number | null };
  }
  export function formatPoints(value: number): string;
  export function formatDay(day: string): string;
  export function humaniseDuration(ms: number): string;
  export function msLeftNow(msLeft: number, generatedAt: string, now?: number): number;
  export function describeSla(complaint: SlaComplaint, generatedAt: string, now?: number): { text: string; tone: SlaTone };
}

declare module 'c/vipCareForms' {
  export type FeedbackKind = 'nps' | 'csat' | 'ces';
  export const LIMITS: Readonly<{ note: number; summary: number; comment: number }>;
  export const TOUCH_KINDS: readonly string[];
  export const FEEDBACK_KINDS: readonly FeedbackKind[];
  export const SCORE_RANGES: Readonly<Record<FeedbackKind, { min: number; max: number }>>;
  export function noteProblem(note: string | null | undefined): string;
  export function summaryProblem(summary: string | null | undefined): string;
  export function commentProblem(comment: string | null | undefined): string;
  export function parseScore(raw: string | null | undefined): number | null;
  export function scoreProblem(kind: string, raw: string | null | undefined): string;
  export function newRequestKey(): string;
  export function createEntryKey(): { take(): string; reset(): void };
}

declare module 'c/vipCareView' {
  import type { VipCardView } from '@vip-care/core/card/view.js';
  export const CUSTOMER_NOT_FOUND: 'CUSTOMER_NOT_FOUND';
  export function isCardView(value: unknown): value is VipCardView;
  export function readCardResponse(body: unknown): { kind: 'view'; view: VipCardView } | { kind: 'notFound'; message: string | null } | { kind: 'invalid' };
  export function errorMessage(error: unknown): string | null;
}

declare module 'c/*' {
  import type { LightningElement } from 'lwc';
  const Component: typeof LightningElement;
  export default Component;
}

declare module '@salesforce/i18n/locale' {
  const locale: string;
  export default locale;
}
