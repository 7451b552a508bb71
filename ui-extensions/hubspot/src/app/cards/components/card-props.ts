import type { AddAlertAction, CrmContext } from '@hubspot/ui-extensions';

/** What `hubspot.extend` hands a card, narrowed to what the cards use (easier to fake in tests). */
export interface CardProps {
  context: Pick<CrmContext, 'user' | 'portal' | 'crm'>;
  actions: { addAlert: AddAlertAction };
}
