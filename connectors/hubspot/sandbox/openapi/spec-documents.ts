/**
 * HubSpot's official OpenAPI documents (unmodified copies in shared/specs/hubspot). They are
 * imported, not read from disk, so the built server carries them wherever it runs.
 */
import oauth from '../../../../../shared/specs/hubspot/auth-oauth-v1.json' with { type: 'json' };
import actions from '../../../../../shared/specs/hubspot/automation-actions-v4.json' with { type: 'json' };
import associations from '../../../../../shared/specs/hubspot/crm-associations-v4.json' with { type: 'json' };
import companies from '../../../../../shared/specs/hubspot/crm-companies-v3.json' with { type: 'json' };
import contacts from '../../../../../shared/specs/hubspot/crm-contacts-v3.json' with { type: 'json' };
import deals from '../../../../../shared/specs/hubspot/crm-deals-v3.json' with { type: 'json' };
import owners from '../../../../../shared/specs/hubspot/crm-owners-v3.json' with { type: 'json' };
import properties from '../../../../../shared/specs/hubspot/crm-properties-v3.json' with { type: 'json' };
import tasks from '../../../../../shared/specs/hubspot/crm-tasks-v3.json' with { type: 'json' };
import tickets from '../../../../../shared/specs/hubspot/crm-tickets-v3.json' with { type: 'json' };

export const SPEC_DOCUMENTS = { oauth, actions, associations, companies, contacts, deals, owners, properties, tasks, tickets } as const;
export type SpecName = keyof typeof SPEC_DOCUMENTS;
