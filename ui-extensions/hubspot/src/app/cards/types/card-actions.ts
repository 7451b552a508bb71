/**
 * Request bodies of the card's actions, the card's side of core/card/actions.ts (the contract test
 * checks they fit the core schemas). The record is named, never the tenant: the backend takes the
 * portal from HubSpot's request signature. No imports, for the same reason as vip-card-view.ts.
 */
export type CardObjectType = 'contact' | 'company';

export interface CardRecord {
  objectType: CardObjectType;
  objectId: string;
}

export const TOUCH_KINDS = ['call', 'meeting', 'email', 'message', 'visit', 'other'] as const;
export type TouchKind = (typeof TOUCH_KINDS)[number];

export const FEEDBACK_KINDS = ['nps', 'csat', 'ces'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export interface CompleteTaskBody extends CardRecord {
  note?: string;
}

export interface LogTouchBody extends CardRecord {
  kind: TouchKind;
  summary: string;
  requestKey: string;
}

export interface RecordFeedbackBody extends CardRecord {
  kind: FeedbackKind;
  score: number;
  comment?: string;
  requestKey: string;
}
