import { describe, expect, it } from 'vitest';
import { complaintClocks, complaintPriority, slaPolicyFor, type ComplaintClockInput } from '../complaints.js';
import { ComplaintSettingsSchema, FeedbackSettingsSchema, SlaSettingsSchema } from '../schema.js';
import type { BusinessCalendar } from '../business-time.js';
import { isScoreOnScale, responseCategory } from '../responses.js';
import { surveyFatigue } from '../fatigue.js';

const complaints = ComplaintSettingsSchema.parse({ tierMinimum: { diamond: 'high' } });
const sla = SlaSettingsSchema.parse({ policies: [{ priority: 'high', tiers: ['diamond'], firstResponse: '1h', resolution: '8h' }] });
const shanghaiHours: BusinessCalendar = { timezone: 'Asia/Shanghai', hours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }, isHoliday: (d) => d === '2026-10-01' };
const always: BusinessCalendar = { timezone: 'UTC', hours: null, isHoliday: () => false };

function input(over: Partial<ComplaintClockInput>): ComplaintClockInput {
  return {
    openedAt: new Date('2026-11-20T09:45:00Z'), // Fri 17:45 in Shanghai
    policy: { firstResponse: '30min', resolution: '4h' },
    warnAt: 0.8,
    calendar: shanghaiHours,
    pauses: [],
    firstResponseAt: null,
    resolvedAt: null,
    firstResponseState: 'running',
    resolutionState: 'running',
    ...over,
  };
}

describe('complaint priority', () => {
  it('starts from the request or the default, one step up for negative sentiment, and never below the tier floor', () => {
    expect(complaintPriority(complaints, { requested: null, sentiment: 'neutral', tier: 'gold' })).toEqual({ priority: 'normal', reasons: ['default'] });
    expect(complaintPriority(complaints, { requested: null, sentiment: 'negative', tier: 'gold' })).toEqual({ priority: 'high', reasons: ['default', 'negative_sentiment'] });
    expect(complaintPriority(complaints, { requested: 'low', sentiment: 'positive', tier: 'diamond' })).toEqual({ priority: 'high', reasons: ['requested', 'tier_minimum'] });
    expect(complaintPriority(complaints, { requested: 'critical', sentiment: 'negative', tier: null })).toEqual({ priority: 'critical', reasons: ['requested'] });
    const off = ComplaintSettingsSchema.parse({ negativeSentimentRaises: false });
    expect(complaintPriority(off, { requested: null, sentiment: 'negative', tier: null }).priority).toBe('normal');
  });

  it('picks the first policy for the priority and tier, else the product default', () => {
    expect(slaPolicyFor(sla, 'high', 'diamond')).toMatchObject({ firstResponse: '1h', resolution: '8h' });
    expect(slaPolicyFor(sla, 'high', 'gold')).toMatchObject({ firstResponse: '4h', resolution: '16h' });
    expect(slaPolicyFor(sla, 'critical', null)).toMatchObject({ firstResponse: '30min', calendar: 'always' });
    expect(slaPolicyFor(sla, 'normal', null)).toMatchObject({ firstResponse: '24h' });
  });

  it('ships defaults for the whole feedback section', () => {
    const all = FeedbackSettingsSchema.parse(undefined);
    expect(all.sla.warnAt).toBe(0.8);
    expect(all.complaints.followUp).toEqual({ after: '48h', survey: 'csat' });
    expect(all.surveys.fatigue).toEqual({ minTenure: '30d', cooldown: '30d' });
  });
});

describe('SLA clocks on a business calendar', () => {
  it('a 30-minute first response opened Friday 17:45 in Shanghai is due Monday 09:15, with the warning at 09:09', () => {
    const c = complaintClocks(input({}), new Date('2026-11-20T09:46:00Z'));
    // 15 open minutes on Friday, the other 15 on Monday morning.
    expect(c.firstResponse.dueAt?.toISOString()).toBe('2026-11-23T01:15:00.000Z');
    // 80% of 30 min = 24 min: 15 on Friday, 9 on Monday.
    expect(c.firstResponse.warnAt?.toISOString()).toBe('2026-11-23T01:09:00.000Z');
    expect(c.transitions).toEqual([]);
    expect(c.nextCheckAt?.toISOString()).toBe('2026-11-23T01:09:00.000Z');
  });

  it('passes through warned and breached in order, each at its own instant, even when looked at late', () => {
    const c = complaintClocks(input({}), new Date('2026-11-23T02:00:00Z'));
    expect(c.transitions.filter((t) => t.clock === 'first_response')).toEqual([
      { clock: 'first_response', from: 'running', to: 'warned', at: new Date('2026-11-23T01:09:00Z') },
      { clock: 'first_response', from: 'warned', to: 'breached', at: new Date('2026-11-23T01:15:00Z') },
    ]);
    expect(c.firstResponse.state).toBe('breached');
  });

  it('a reply before the deadline is met; after it, missed (with the breach recorded first)', () => {
    const onTime = complaintClocks(input({ firstResponseAt: new Date('2026-11-23T01:12:00Z') }), new Date('2026-11-23T02:00:00Z'));
    expect(onTime.firstResponse.state).toBe('met');
    expect(onTime.transitions.filter((t) => t.clock === 'first_response').map((t) => t.to)).toEqual(['warned', 'met']);
    const late = complaintClocks(input({ firstResponseAt: new Date('2026-11-23T01:20:00Z') }), new Date('2026-11-23T02:00:00Z'));
    expect(late.transitions.filter((t) => t.clock === 'first_response').map((t) => t.to)).toEqual(['warned', 'breached', 'missed']);
    // A recorded final state never changes again.
    expect(complaintClocks(input({ firstResponseState: 'met', firstResponseAt: null }), new Date('2027-01-01T00:00:00Z')).firstResponse.state).toBe('met');
  });

  it('waiting on the customer stops the clock: an open pause has no deadline and no next check', () => {
    const paused = complaintClocks(input({ pauses: [{ from: new Date('2026-11-20T09:50:00Z'), to: null }] }), new Date('2026-11-25T00:00:00Z'));
    expect(paused.firstResponse.dueAt).toBeNull();
    expect(paused.resolution.dueAt).toBeNull();
    expect(paused.nextCheckAt).toBeNull();
    // 5 minutes ran before the pause; resumed Monday 10:00 Shanghai, 25 more minutes: due 10:25.
    const resumed = complaintClocks(input({ pauses: [{ from: new Date('2026-11-20T09:50:00Z'), to: new Date('2026-11-23T02:00:00Z') }] }), new Date('2026-11-23T02:05:00Z'));
    expect(resumed.firstResponse.dueAt?.toISOString()).toBe('2026-11-23T02:25:00.000Z');
  });

  it('holidays close the calendar; an around-the-clock policy ignores hours and holidays', () => {
    const onHoliday = complaintClocks(input({ openedAt: new Date('2026-10-01T02:00:00Z') }), new Date('2026-10-01T03:00:00Z'));
    // Thursday 1 October is closed: the 30 minutes run Friday 09:00-09:30.
    expect(onHoliday.firstResponse.dueAt?.toISOString()).toBe('2026-10-02T01:30:00.000Z');
    const critical = complaintClocks(input({ calendar: always }), new Date('2026-11-20T09:46:00Z'));
    expect(critical.firstResponse.dueAt?.toISOString()).toBe('2026-11-20T10:15:00.000Z');
    expect(critical.resolution.dueAt?.toISOString()).toBe('2026-11-20T13:45:00.000Z');
  });

  it('a resolution also completes a first response that never came', () => {
    const c = complaintClocks(input({ calendar: always, resolvedAt: new Date('2026-11-20T09:55:00Z') }), new Date('2026-11-20T09:58:00Z'));
    expect(c.firstResponse.state).toBe('met');
    expect(c.resolution.state).toBe('met');
    expect(c.nextCheckAt).toBeNull();
  });
});

describe('survey answers and fatigue', () => {
  it('checks the scale per kind and groups answers into promoters, passives and detractors', () => {
    expect(isScoreOnScale('nps', 0)).toBe(true);
    expect(isScoreOnScale('nps', 11)).toBe(false);
    expect(isScoreOnScale('csat', 0)).toBe(false);
    expect(isScoreOnScale('ces', 7)).toBe(true);
    expect(isScoreOnScale('ces', 3.5)).toBe(false);
    expect([0, 6, 7, 8, 9, 10].map((s) => responseCategory('nps', s))).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
    expect([1, 2, 3, 4, 5].map((s) => responseCategory('csat', s))).toEqual(['detractor', 'detractor', 'passive', 'promoter', 'promoter']);
    expect([1, 3, 4, 5, 7].map((s) => responseCategory('ces', s))).toEqual(['detractor', 'detractor', 'passive', 'promoter', 'promoter']);
  });

  it('holds back new customers and customers asked recently', () => {
    const settings = FeedbackSettingsSchema.parse(undefined).surveys;
    const now = new Date('2026-11-22T10:00:00Z');
    expect(surveyFatigue(settings, { now, timezone: 'UTC', relationshipSince: '2026-11-01', lastInvitationAt: null })).toBe('survey_tenure');
    expect(surveyFatigue(settings, { now, timezone: 'UTC', relationshipSince: null, lastInvitationAt: null })).toBe('survey_tenure');
    expect(surveyFatigue(settings, { now, timezone: 'UTC', relationshipSince: '2020-01-01', lastInvitationAt: new Date('2026-11-01T00:00:00Z') })).toBe('survey_cooldown');
    expect(surveyFatigue(settings, { now, timezone: 'UTC', relationshipSince: '2020-01-01', lastInvitationAt: new Date('2026-10-01T00:00:00Z') })).toBeNull();
    const off = { ...settings, fatigue: { minTenure: null, cooldown: null } };
    expect(surveyFatigue(off, { now, timezone: 'UTC', relationshipSince: null, lastInvitationAt: now })).toBeNull();
  });
});
