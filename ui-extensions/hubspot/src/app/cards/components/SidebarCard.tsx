import { Button, Flex, Panel, PanelBody, Text, type AddAlertAction } from '@hubspot/ui-extensions';
import type { CardState } from '../hooks/card-state';
import type { CardActions } from '../hooks/useCardActions';
import { useVipCard } from '../hooks/useVipCard';
import { I18nProvider, useI18n } from '../i18n/I18nContext';
import { useCardTranslator } from '../i18n/useCardTranslator';
import { toCardRecord } from '../lib/card-record';
import type { CardRecord } from '../types/card-actions';
import type { CardProps } from './card-props';
import { RecordDetails } from './RecordDetails';
import { SidebarSummary } from './SidebarSummary';
import { FlagList } from './sections/FlagList';
import { ErrorPanel } from './states/ErrorPanel';
import { LoadingState } from './states/LoadingState';
import { notVipExplanation } from './states/NotVipPanel';
import { UnsupportedObject } from './states/UnsupportedObject';

/** The compact VIP Care card for the record sidebar; the full view and the actions open in a panel. */
export function SidebarCard({ context, actions }: CardProps) {
  const translator = useCardTranslator(context);
  const record = toCardRecord(context.crm);
  return <I18nProvider translator={translator}>{record ? <SidebarBody record={record} addAlert={actions.addAlert} /> : <UnsupportedObject />}</I18nProvider>;
}

function SidebarBody({ record, addAlert }: { record: CardRecord; addAlert: AddAlertAction }) {
  const translator = useI18n();
  const { state, reload, actions } = useVipCard(record, translator, addAlert);
  switch (state.status) {
    case 'loading':
      return <LoadingState />;
    case 'error':
      return <ErrorPanel message={state.message} onRetry={reload} />;
    case 'notVip':
      return (
        <Flex direction="column" gap="xs" testId="sidebar-not-vip">
          <Text format={{ fontWeight: 'demibold' }}>{translator.t('notVip.title')}</Text>
          <Text variant="microcopy" testId="sidebar-not-vip-message">
            {notVipExplanation(state.view, state.message, translator)}
          </Text>
          {state.view && <FlagList flags={state.view.flags} testId="sidebar-flags" />}
          {state.view && <DetailsButton state={state} actions={actions} />}
        </Flex>
      );
    case 'vip':
      return (
        <Flex direction="column" gap="sm">
          <SidebarSummary view={state.view} />
          <DetailsButton state={state} actions={actions} />
        </Flex>
      );
  }
}

/** HubSpot cannot switch record tabs from a card, so the full view opens in a side panel instead. */
function DetailsButton({ state, actions }: { state: Extract<CardState, { status: 'vip' | 'notVip' }>; actions: CardActions }) {
  const { t } = useI18n();
  return (
    <Button
      variant="secondary"
      size="sm"
      testId="sidebar-details"
      overlay={
        <Panel id="vip-care-details" title={t('sidebar.panelTitle')} aria-label={t('sidebar.panelTitle')} width="md">
          <PanelBody>
            <RecordDetails state={state} actions={actions} />
          </PanelBody>
        </Panel>
      }
    >
      {t('sidebar.details')}
    </Button>
  );
}
