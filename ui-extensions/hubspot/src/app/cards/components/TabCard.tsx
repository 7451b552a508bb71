import type { AddAlertAction } from '@hubspot/ui-extensions';
import { useVipCard } from '../hooks/useVipCard';
import { I18nProvider, useI18n } from '../i18n/I18nContext';
import { useCardTranslator } from '../i18n/useCardTranslator';
import { toCardRecord } from '../lib/card-record';
import type { CardRecord } from '../types/card-actions';
import type { CardProps } from './card-props';
import { RecordDetails } from './RecordDetails';
import { ErrorPanel } from './states/ErrorPanel';
import { LoadingState } from './states/LoadingState';
import { UnsupportedObject } from './states/UnsupportedObject';

/** The VIP Care tab on contact and company records: the whole view, and the rep's actions. */
export function TabCard({ context, actions }: CardProps) {
  const translator = useCardTranslator(context);
  const record = toCardRecord(context.crm);
  return <I18nProvider translator={translator}>{record ? <TabBody record={record} addAlert={actions.addAlert} /> : <UnsupportedObject />}</I18nProvider>;
}

function TabBody({ record, addAlert }: { record: CardRecord; addAlert: AddAlertAction }) {
  const translator = useI18n();
  const { state, reload, actions } = useVipCard(record, translator, addAlert);
  switch (state.status) {
    case 'loading':
      return <LoadingState />;
    case 'error':
      return <ErrorPanel message={state.message} onRetry={reload} />;
    default:
      return <RecordDetails state={state} actions={actions} />;
  }
}
