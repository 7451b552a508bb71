/** Loads the record's VIP view and keeps it current after actions. */
import { useCallback, useEffect, useState } from 'react';
import { fetchCardView } from '../api/card-api';
import type { CardLocale } from '../i18n/locale';
import type { CardRecord } from '../types/card-actions';
import type { VipCardView } from '../types/vip-card-view';
import { stateFromResult, stateFromView, type CardState } from './card-state';

export interface VipCardViewHandle {
  state: CardState;
  reload: () => void;
  /** Shows a view an action answered with, without another round trip. */
  showView: (view: VipCardView) => void;
}

export function useVipCardView(record: CardRecord, locale: CardLocale): VipCardViewHandle {
  const [state, setState] = useState<CardState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const { objectType, objectId } = record;

  useEffect(() => {
    // A late answer for an earlier record or attempt must not overwrite the current one.
    let current = true;
    setState({ status: 'loading' });
    void fetchCardView({ objectType, objectId }, locale).then((result) => {
      if (current) setState(stateFromResult(result));
    });
    return () => {
      current = false;
    };
  }, [objectType, objectId, locale, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const showView = useCallback((view: VipCardView) => setState(stateFromView(view)), []);
  return { state, reload, showView };
}
