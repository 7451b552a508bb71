/** Entry of the compact VIP Care sidebar card (vip-card-sidebar-hsmeta.json). */
import { hubspot } from '@hubspot/ui-extensions';
import { SidebarCard } from './components/SidebarCard';

hubspot.extend<'crm.record.sidebar'>(({ context, actions }) => <SidebarCard context={context} actions={actions} />);
