/** Everything a card needs for one record: what to show, how to reload it, and the rep's actions. */
import type { AddAlertAction } from '@hubspot/ui-extensions';
import type { Translator } from '../i18n/translator';
import type { CardRecord } from '../types/card-actions';
import type { CardState } from './card-state';
import { useCardActions, type CardActions } from './useCardActions';
import { useVipCardView } from './useVipCardView';

export function useVipCard(record: CardRecord, translator: Translator, addAlert: AddAlertAction): { state: CardState; reload: () => void; actions: CardActions } {
  const { state, reload, showView } = useVipCardView(record, translator.locale);
  const actions = useCardActions(record, translator, addAlert, showView);
  return { state, reload, actions };
}
