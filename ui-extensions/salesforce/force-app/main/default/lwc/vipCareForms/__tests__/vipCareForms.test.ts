/** The card's form checks and the idempotency key of an entry. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commentProblem, createEntryKey, newRequestKey, noteProblem, parseScore, scoreProblem, summaryProblem } from 'c/vipCareForms';
import { fmt, label } from '../../../../../../test/harness/labels.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('checks', () => {
  it.each([
    ['nps', '0', ''],
    ['nps', '10', ''],
    ['nps', '11', fmt('ScoreRange', 0, 10)],
    ['csat', '1', ''],
    ['csat', '0', fmt('ScoreRange', 1, 5)],
    ['csat', '5', ''],
    ['csat', '6', fmt('ScoreRange', 1, 5)],
    ['ces', '7', ''],
    ['ces', '8', fmt('ScoreRange', 1, 7)],
    ['ces', '3.5', fmt('ScoreRange', 1, 7)],
    ['ces', ' ', label('ScoreRequired')],
    ['nps', '', label('ScoreRequired')],
  ])('%s score "%s" → "%s"', (kind, raw, expected) => {
    expect(scoreProblem(kind, raw)).toBe(expected);
  });

  it('parses what a number field holds', () => {
    expect([parseScore(''), parseScore(' 7 '), parseScore(null)]).toEqual([null, 7, null]);
    expect(parseScore('x')).toBeNaN();
  });

  it('limits the note, summary and comment to what the backend accepts, trimmed', () => {
    expect(noteProblem(`  ${'a'.repeat(2000)}  `)).toBe('');
    expect(noteProblem('a'.repeat(2001))).toBe(fmt('NoteTooLong', 2000));
    expect(summaryProblem('  ')).toBe(label('SummaryRequired'));
    expect(summaryProblem('a'.repeat(2001))).toBe(fmt('SummaryTooLong', 2000));
    expect(commentProblem('a'.repeat(5000))).toBe('');
    expect(commentProblem('a'.repeat(5001))).toBe(fmt('CommentTooLong', 5000));
  });
});

describe('request keys', () => {
  it('an entry keeps its key until reset, then gets a new one', () => {
    const entry = createEntryKey();
    const first = entry.take();
    expect(entry.take()).toBe(first);
    entry.reset();
    expect(entry.take()).not.toBe(first);
  });

  it('are long enough for the backend (8-200 characters) with or without crypto.randomUUID', () => {
    expect(newRequestKey()).toMatch(/^[0-9a-f-]{36}$/);
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => bytes.fill(171) });
    expect(newRequestKey()).toBe('ab'.repeat(16));
    vi.stubGlobal('crypto', undefined);
    const fallback = newRequestKey();
    expect(fallback.length).toBeGreaterThanOrEqual(8);
    expect(fallback.length).toBeLessThanOrEqual(200);
    expect(newRequestKey()).not.toBe(fallback);
  });
});
