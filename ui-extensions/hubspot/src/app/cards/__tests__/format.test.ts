/** Dates, money and SLA clocks as reps read them. */
import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDay, formatInstantDate } from '../format/dates';
import { describeSla, humaniseDuration } from '../format/durations';
import { formatCurrency, formatPercent, formatSignedPoints } from '../format/numbers';
import { createTranslator } from '../i18n/translator';
import type { CardComplaint } from '../types/vip-card-view';

const en = createTranslator('en', 'en-US', 'UTC');
const zh = createTranslator('zh-CN', 'zh-CN', 'UTC');
const MIN = 60_000;

describe('humaniseDuration', () => {
  it.each([
    [0, 'under 1 min', '不到 1 分钟'],
    [59_999, 'under 1 min', '不到 1 分钟'],
    [MIN, '1 min', '1 分钟'],
    [40 * MIN + 59_000, '40 min', '40 分钟'],
    [2 * 60 * MIN, '2 h', '2 小时'],
    [135 * MIN, '2 h 15 min', '2 小时 15 分钟'],
    [24 * 60 * MIN, '1 d', '1 天'],
    [(24 + 3) * 60 * MIN + 59 * MIN, '1 d 3 h', '1 天 3 小时'],
    [-40 * MIN, '40 min', '40 分钟'],
  ])('%i ms reads "%s" / "%s"', (ms, english, chinese) => {
    expect(humaniseDuration(ms, en)).toBe(english);
    expect(humaniseDuration(ms, zh)).toBe(chinese);
  });
});

describe('describeSla', () => {
  const complaint = (clock: Partial<CardComplaint['clock']>, status: CardComplaint['status'] = 'open'): CardComplaint => ({
    id: 1,
    subject: 'x',
    priority: 'normal',
    status,
    clock: { kind: 'resolution', state: 'running', dueAt: '2026-08-21T03:00:00.000Z', msLeft: 135 * MIN, ...clock },
  });

  it('counts down, warns, and says how long ago a clock was breached', () => {
    expect(describeSla(complaint({}), en)).toEqual({ text: '2 h 15 min left', tone: 'success' });
    expect(describeSla(complaint({ state: 'warned', msLeft: 10 * MIN }), en)).toEqual({ text: '10 min left', tone: 'warning' });
    expect(describeSla(complaint({ state: 'breached', msLeft: -40 * MIN }), zh)).toEqual({ text: '已超时 40 分钟', tone: 'danger' });
  });

  it('says paused while waiting on the customer, and no limit without a target', () => {
    expect(describeSla(complaint({ msLeft: null }, 'waiting'), en)).toEqual({ text: 'Paused', tone: 'info' });
    expect(describeSla(complaint({ msLeft: null, dueAt: null }), en)).toEqual({ text: 'No time limit', tone: 'info' });
  });
});

describe('numbers', () => {
  it('formats predicted value in the program currency and the reader locale', () => {
    expect(formatCurrency(12_345.67, 'USD', 'en-US')).toBe('$12,346');
    expect(formatCurrency(12_345.67, 'CNY', 'zh-CN')).toBe('¥12,346');
    expect(formatCurrency(12_345.67, 'EUR', 'de-DE').replace(/\s/g, ' ')).toBe('12.346 €');
    expect(formatCurrency(500, 'NOT-A-CODE', 'en-US')).toBe('500 NOT-A-CODE');
  });

  it('formats churn risk as a percentage and trends with a sign', () => {
    expect(formatPercent(0.183, 'en-US')).toBe('18%');
    expect(formatSignedPoints(4.5, 'en-US')).toBe('+4.5');
    expect(formatSignedPoints(-3, 'en-US')).toBe('-3');
    expect(formatSignedPoints(0, 'en-US')).toBe('0');
  });
});

describe('dates', () => {
  it('shows instants in the portal time zone', () => {
    expect(formatDateTime('2026-08-19T01:00:00.000Z', 'en-US', 'America/New_York').replace(/\s/g, ' ')).toBe('Aug 18, 2026, 9:00 PM');
    expect(formatDateTime('2026-08-19T01:00:00.000Z', 'zh-CN', 'Asia/Shanghai')).toBe('2026年8月19日 09:00');
    expect(formatInstantDate('2026-08-19T01:00:00.000Z', 'en-US', 'Asia/Shanghai')).toBe('Aug 19, 2026');
  });

  it('never moves a calendar day, and survives a bad zone or date', () => {
    expect(formatDay('2025-11-03', 'en-US')).toBe('Nov 3, 2025');
    expect(formatDateTime('2026-08-19T01:00:00.000Z', 'en-US', 'Not/AZone').replace(/\s/g, ' ')).toBe('Aug 19, 2026, 1:00 AM');
    expect(formatDateTime('soon', 'en-US', 'UTC')).toBe('soon');
    expect(formatDay('2025-13-45', 'en-US')).toBe('2025-13-45');
  });
});
