import { Divider, Flex } from '@hubspot/ui-extensions';
import type { CardState } from '../hooks/card-state';
import type { CardActions } from '../hooks/useCardActions';
import { CareActivity } from './CareActivity';
import { VipOverview } from './VipOverview';
import { NotVipPanel } from './states/NotVipPanel';

type LoadedState = Extract<CardState, { status: 'vip' | 'notVip' }>;

/** The full card for a loaded record; the tab shows it inline, the sidebar in a panel. */
export function RecordDetails({ state, actions }: { state: LoadedState; actions: CardActions }) {
  const view = state.view;
  return (
    <Flex direction="column" gap="md">
      {state.status === 'vip' ? <VipOverview view={state.view} /> : <NotVipPanel view={state.view} message={state.message} />}
      {view && <Divider />}
      {view && <CareActivity view={view} actions={actions} />}
    </Flex>
  );
}
