/** Entry of the VIP Care record tab (vip-card-hsmeta.json). */
import { hubspot } from '@hubspot/ui-extensions';
import { TabCard } from './components/TabCard';

hubspot.extend<'crm.record.tab'>(({ context, actions }) => <TabCard context={context} actions={actions} />);
