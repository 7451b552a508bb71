/**
 * The HubSpot card cannot import the core (HubSpot builds its folder alone), so it keeps its own
 * copy of the card contract. This suite pins that copy to the core: every fixture the card is
 * tested with must parse with the core schema, and the copied types must equal the schema's types,
 * so `npm run typecheck` fails as soon as either side changes alone.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import {
  CompleteTaskBodySchema,
  LogTouchBodySchema,
  RecordFeedbackBodySchema,
  TOUCH_KINDS as CORE_TOUCH_KINDS,
  type CompleteTaskBody,
  type LogTouchBody,
  type RecordFeedbackBody,
} from '../../core/card/actions.js';
import { VipCardViewSchema, type CardComplaint, type CardTask, type VipCardView } from '../../core/card/view.js';
import type * as Card from '../../ui-extensions/hubspot/src/app/cards/types/card-actions.js';
import { FEEDBACK_KINDS, TOUCH_KINDS } from '../../ui-extensions/hubspot/src/app/cards/types/card-actions.js';
import type * as CardView from '../../ui-extensions/hubspot/src/app/cards/types/vip-card-view.js';
import { CARD_VIEW_FIXTURES } from '../../ui-extensions/hubspot/src/app/cards/fixtures/card-views.js';

describe('HubSpot card view contract', () => {
  it('has fixtures for every status the card renders', () => {
    const statuses = new Set(Object.values(CARD_VIEW_FIXTURES).map((view) => view.status));
    expect([...statuses].sort()).toEqual(['not_scored', 'not_vip', 'vip']);
  });

  it.each(Object.entries(CARD_VIEW_FIXTURES))('fixture %s parses with the core VipCardViewSchema', (_name, fixture) => {
    const parsed = VipCardViewSchema.safeParse(fixture);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toEqual(fixture);
  });

  it("the card's VipCardView is the core schema's type", () => {
    expectTypeOf<CardView.VipCardView>().toEqualTypeOf<z.infer<typeof VipCardViewSchema>>();
    expectTypeOf<CardView.VipCardView>().toEqualTypeOf<VipCardView>();
    expectTypeOf<CardView.CardTask>().toEqualTypeOf<CardTask>();
    expectTypeOf<CardView.CardComplaint>().toEqualTypeOf<CardComplaint>();
    expect(VipCardViewSchema.shape.version.value).toBe(1);
  });
});

describe('HubSpot card action bodies contract', () => {
  const record = { objectType: 'contact', objectId: '1290' } as const;

  it('every body the card can build is accepted by the core schemas', () => {
    const complete: Card.CompleteTaskBody = { ...record, note: 'Called, all good' };
    const touch: Card.LogTouchBody = { ...record, kind: 'visit', summary: 'Store visit', requestKey: 'c0ffee00-1111-4222-8333-944445555666' };
    const feedback: Card.RecordFeedbackBody = { objectType: 'company', objectId: '77', kind: 'ces', score: 6, requestKey: '1a2b3c4d5e6f' };
    expect(CompleteTaskBodySchema.parse(complete)).toEqual(complete);
    expect(CompleteTaskBodySchema.parse(record)).toEqual(record);
    expect(LogTouchBodySchema.parse(touch)).toEqual(touch);
    expect(RecordFeedbackBodySchema.parse(feedback)).toEqual(feedback);
    expect([...TOUCH_KINDS]).toEqual([...CORE_TOUCH_KINDS]);
    expect([...FEEDBACK_KINDS]).toEqual(RecordFeedbackBodySchema.shape.kind.options);
  });

  it('card bodies fit the core body types field for field', () => {
    // The card only sits on contacts and companies, so its objectType is narrower than the core's.
    expectTypeOf<Card.CompleteTaskBody>().toExtend<CompleteTaskBody>();
    expectTypeOf<Card.LogTouchBody>().toExtend<LogTouchBody>();
    expectTypeOf<Card.RecordFeedbackBody>().toExtend<RecordFeedbackBody>();
    expectTypeOf<keyof Card.CompleteTaskBody>().toEqualTypeOf<keyof CompleteTaskBody>();
    expectTypeOf<keyof Card.LogTouchBody>().toEqualTypeOf<keyof LogTouchBody>();
    expectTypeOf<keyof Card.RecordFeedbackBody>().toEqualTypeOf<keyof RecordFeedbackBody>();
    expectTypeOf<Omit<Card.LogTouchBody, 'objectType'>>().toEqualTypeOf<Omit<LogTouchBody, 'objectType'>>();
    expectTypeOf<Omit<Card.RecordFeedbackBody, 'objectType'>>().toEqualTypeOf<Omit<RecordFeedbackBody, 'objectType'>>();
    expect(LogTouchBodySchema.shape.objectType.options).toEqual(expect.arrayContaining(['contact', 'company']));
  });
});
