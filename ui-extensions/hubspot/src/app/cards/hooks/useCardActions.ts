/** The rep's actions on the card: one request at a time per action, the answer shown, the outcome announced. */
import { useCallback, useRef, useState } from 'react';
import type { AddAlertAction } from '@hubspot/ui-extensions';
import { completeTask, logTouch, recordFeedback } from '../api/card-api';
import type { CardResult } from '../api/read-card-response';
import type { MessageKey } from '../i18n/catalog-en';
import type { Translator } from '../i18n/translator';
import type { CardRecord, FeedbackKind, TouchKind } from '../types/card-actions';
import type { VipCardView } from '../types/vip-card-view';

export type ActionKind = 'completeTask' | 'logTouch' | 'recordFeedback';

export interface CardActions {
  pending: Readonly<Record<ActionKind, boolean>>;
  /** Each resolves true when the backend accepted it (the form may then clear itself). */
  completeTask(taskId: number, note: string): Promise<boolean>;
  logTouch(input: { kind: TouchKind; summary: string; requestKey: string }): Promise<boolean>;
  recordFeedback(input: { kind: FeedbackKind; score: number; comment: string; requestKey: string }): Promise<boolean>;
}

const IDLE: Record<ActionKind, boolean> = { completeTask: false, logTouch: false, recordFeedback: false };

const MESSAGES: Record<ActionKind, { success: MessageKey; failed: MessageKey }> = {
  completeTask: { success: 'complete.success', failed: 'complete.failed' },
  logTouch: { success: 'touch.success', failed: 'touch.failed' },
  recordFeedback: { success: 'survey.success', failed: 'survey.failed' },
};

export function useCardActions(
  record: CardRecord,
  translator: Translator,
  addAlert: AddAlertAction,
  showView: (view: VipCardView) => void,
): CardActions {
  const [pending, setPending] = useState(IDLE);
  // State updates land after a render; the ref stops a double click from sending twice before that.
  const inFlight = useRef(new Set<ActionKind>());
  const { t, locale } = translator;

  const run = useCallback(
    async (kind: ActionKind, request: () => Promise<CardResult>): Promise<boolean> => {
      if (inFlight.current.has(kind)) return false;
      inFlight.current.add(kind);
      setPending((p) => ({ ...p, [kind]: true }));
      const result = await request();
      inFlight.current.delete(kind);
      setPending((p) => ({ ...p, [kind]: false }));
      if (result.kind === 'view') {
        showView(result.view);
        addAlert({ type: 'success', message: t(MESSAGES[kind].success) });
        return true;
      }
      addAlert({ type: 'danger', title: t(MESSAGES[kind].failed), message: result.message ?? t('action.genericFailure') });
      return false;
    },
    [addAlert, showView, t],
  );

  return {
    pending,
    completeTask: (taskId, note) => run('completeTask', () => completeTask(record, taskId, note.trim() || undefined, locale)),
    logTouch: ({ kind, summary, requestKey }) =>
      run('logTouch', () => logTouch({ ...record, kind, summary: summary.trim(), requestKey }, locale)),
    recordFeedback: ({ kind, score, comment, requestKey }) => {
      const trimmed = comment.trim();
      const body = trimmed ? { ...record, kind, score, comment: trimmed, requestKey } : { ...record, kind, score, requestKey };
      return run('recordFeedback', () => recordFeedback(body, locale));
    },
  };
}
