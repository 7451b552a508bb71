import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import retailText from '../examples/retail.yaml?raw';
import b2bText from '../examples/b2b-accounts.yaml?raw';
import { DEFAULT_PROGRAM, EXAMPLE_PROGRAMS } from '../examples/index.js';
import { formatProblems, parseProgram, validateProgram, type ProgramResult } from '../load.js';
import { MEASURE_KINDS, WINDOWED_KINDS, formatPath, type ProgramSchema } from '../schema.js';

type ProgramInput = z.input<typeof ProgramSchema>;
type TierInput = ProgramInput['tiers'][number];

const tier = (id: string, enter: number, exit: number, minDays?: number): TierInput => ({
  id,
  name: id.toUpperCase(),
  enter,
  exit,
  ...(minDays === undefined ? {} : { minDays }),
});

/** A small valid program; every test changes one thing. */
function baseProgram(overrides: Partial<ProgramInput> = {}): ProgramInput {
  return {
    schemaVersion: 1,
    name: 'Test program',
    measures: [
      { id: 'spend_12m', kind: 'spend', window: '12m', normalize: { method: 'percentile' }, weight: 60 },
      { id: 'orders_12m', kind: 'order_count', window: '12m', normalize: { method: 'minmax', min: 0, max: 12 }, weight: 40 },
      {
        id: 'recency',
        kind: 'recency',
        normalize: { method: 'bands', bands: [{ atMost: 30, score: 100 }, { score: 0 }] },
        weight: 0,
      },
    ],
    rules: [
      {
        id: 'big_spender',
        when: { all: [{ measure: 'spend_12m', gte: 1000 }, { measure: 'orders_12m', gte: 2 }] },
        atLeast: 'gold',
      },
    ],
    tiers: [tier('diamond', 85, 80), tier('platinum', 72, 66), tier('gold', 60, 54)],
    ...overrides,
  };
}

/** The problems of an invalid result, formatted as the CLI prints them (no file, no line). */
function problemLines(result: ProgramResult): string[] {
  if (result.ok) throw new Error('expected the program to be invalid');
  return formatProblems(result.problems);
}

/** 1-based line of the first line of `text` that contains `needle` (after `after`, if given). */
function lineOf(text: string, needle: string, after = 0): number {
  const lines = text.split('\n');
  const index = lines.findIndex((l, i) => i >= after && l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not in text`);
  return index + 1;
}

const CJK = /[\u4e00-\u9fff]/;

describe('example programs', () => {
  it.each([
    ['retail', retailText],
    ['b2b-accounts', b2bText],
  ])('%s validates in both locales', (_name, text) => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const result = parseProgram(text, locale);
      expect(result.ok ? [] : formatProblems(result.problems)).toEqual([]);
      expect(result.ok).toBe(true);
    }
  });

  it('the retail program has three tiers, its rule and defaults applied', () => {
    const result = parseProgram(retailText);
    if (!result.ok) throw new Error(formatProblems(result.problems).join('\n'));
    const p = result.program;
    expect(p.tiers.map((t) => t.id)).toEqual(['diamond', 'platinum', 'gold']);
    expect(p.tiers.map((t) => t.minDays)).toEqual([90, 60, 30]);
    expect(p.rules.map((r) => [r.id, r.atLeast])).toEqual([['lifetime_spend_gold', 'gold']]);
    // Commas inside a flow mapping must be quoted, or "$1,000" splits the text into keys.
    expect(p.rules[0]?.description).toEqual({ en: 'At least Gold after $1,000 lifetime spend', 'zh-CN': '累计消费满 1,000 美元至少为黄金' });
    expect(p.measures.reduce((s, m) => s + m.weight, 0)).toBe(100);
    expect(p.name).toEqual({ en: 'Retail VIP program', 'zh-CN': '零售 VIP 计划' });
  });

  it('the b2b program reads its weekly cadence, rules and flags', () => {
    const result = parseProgram(b2bText);
    if (!result.ok) throw new Error(formatProblems(result.problems).join('\n'));
    const p = result.program;
    expect(p.reevaluation.every).toBe('weekly');
    expect(p.tiers.map((t) => t.id)).toEqual(['strategic', 'key', 'growth']);
    expect(p.rules.find((r) => r.id === 'dormant_account')?.atMost).toBe('none');
    expect(p.flags.potential).toEqual({ window: '6m', minGrowth: 0.3, minRecentSpend: 5000, withinPoints: 15 });
  });

  it('the bundled example texts are the files, and retail is the default', () => {
    expect(EXAMPLE_PROGRAMS.retail).toBe(retailText);
    expect(EXAMPLE_PROGRAMS['b2b-accounts']).toBe(b2bText);
    expect(DEFAULT_PROGRAM).toBe('retail');
  });
});

describe('validateProgram', () => {
  it('accepts the base program and applies defaults', () => {
    const result = validateProgram(baseProgram());
    if (!result.ok) throw new Error(formatProblems(result.problems).join('\n'));
    expect(result.program.timezone).toBe('UTC');
    expect(result.program.currency).toBe('USD');
    expect(result.program.reevaluation).toEqual({ every: 'daily' });
    expect(result.program.tiers.map((t) => t.minDays)).toEqual([0, 0, 0]);
    expect(result.program.flags.potential.window).toBe('90d');
    expect(result.program.flags.atRisk.inactiveDays).toBe(120);
  });

  it('a tier whose enter is not above the next tier names both paths', () => {
    const result = validateProgram(baseProgram({ tiers: [tier('diamond', 85, 80), tier('platinum', 60, 55), tier('gold', 60, 50)] }));
    expect(problemLines(result)).toEqual(['tiers[1].enter: must be above tiers[2].enter']);
  });

  it('an equal enter is rejected, a higher one is not', () => {
    const equal = validateProgram(baseProgram({ tiers: [tier('diamond', 70, 65), tier('gold', 70, 60)] }));
    expect(problemLines(equal)).toEqual(['tiers[0].enter: must be above tiers[1].enter']);
    expect(validateProgram(baseProgram({ tiers: [tier('diamond', 70.5, 65), tier('gold', 70, 60)] })).ok).toBe(true);
  });

  it('exit must be below enter', () => {
    expect(problemLines(validateProgram(baseProgram({ tiers: [tier('diamond', 85, 85), tier('gold', 60, 54)] })))).toEqual([
      'tiers[0].exit: must be below tiers[0].enter (85), so members do not flip in and out',
    ]);
    expect(problemLines(validateProgram(baseProgram({ tiers: [tier('diamond', 85, 80), tier('gold', 60, 61)] })))).toEqual([
      'tiers[1].exit: must be below tiers[1].enter (60), so members do not flip in and out',
    ]);
  });

  it('exits must fall with the tiers', () => {
    expect(problemLines(validateProgram(baseProgram({ tiers: [tier('diamond', 85, 50), tier('gold', 60, 54)] })))).toEqual([
      'tiers[0].exit: must be above tiers[1].exit',
    ]);
  });

  it('minDays must be a whole number of days', () => {
    const lines = problemLines(validateProgram(baseProgram({ tiers: [tier('diamond', 85, 80, 1.5), tier('gold', 60, 54)] })));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tiers\[0\]\.minDays: /);
  });

  it('reports duplicate ids of measures, tiers and rules with the first use', () => {
    const base = baseProgram();
    const measures = [...base.measures, { id: 'spend_12m', kind: 'spend' as const, normalize: { method: 'percentile' as const }, weight: 1 }];
    const rule = { id: 'big_spender', when: { measure: 'spend_12m', gte: 5 }, atMost: 'gold' };
    const result = validateProgram(
      baseProgram({
        measures,
        tiers: [tier('diamond', 85, 80), tier('gold', 72, 66), tier('gold', 60, 54)],
        rules: [...(base.rules ?? []), rule],
      }),
    );
    expect(problemLines(result)).toEqual([
      'measures[3].id: duplicate id "spend_12m" (also used at measures[0])',
      'tiers[2].id: duplicate id "gold" (also used at tiers[1])',
      'rules[1].id: duplicate id "big_spender" (also used at rules[0])',
    ]);
  });

  it('reserves the tier id "none"', () => {
    expect(problemLines(validateProgram(baseProgram({ tiers: [tier('diamond', 85, 80), tier('none', 60, 54)], rules: [] })))).toEqual([
      'tiers[1].id: "none" is reserved for "not a VIP"',
    ]);
  });

  it('names an unknown measure inside a nested rule condition', () => {
    const rules = [
      {
        id: 'nested',
        when: { any: [{ not: { measure: 'recency', gt: 90 } }, { all: [{ measure: 'spend_12m', gte: 1 }, { measure: 'order_12m', gte: 2 }] }] },
        atLeast: 'gold',
      },
      { id: 'flat', when: { all: [{ measure: 'spend_12m', gte: 1 }, { measure: 'spend_1m', gte: 2 }] }, atLeast: 'gold' },
      { id: 'negated', when: { not: { measure: 'tenure', gte: 1 } }, atMost: 'none' },
    ];
    expect(problemLines(validateProgram(baseProgram({ rules })))).toEqual([
      'rules[0].when.any[1].all[1].measure: unknown measure "order_12m"',
      'rules[1].when.all[1].measure: unknown measure "spend_1m"',
      'rules[2].when.not.measure: unknown measure "tenure"',
    ]);
  });

  it('names an unknown tier in atLeast or atMost; atMost "none" is allowed', () => {
    const rules = [
      { id: 'floor', when: { measure: 'spend_12m', gte: 1 }, atLeast: 'silver' },
      { id: 'cap', when: { measure: 'spend_12m', gte: 1 }, atMost: 'bronze' },
      { id: 'not_vip', when: { measure: 'orders_12m', eq: 0 }, atMost: 'none' },
    ];
    expect(problemLines(validateProgram(baseProgram({ rules })))).toEqual([
      'rules[0].atLeast: unknown tier "silver"',
      'rules[1].atMost: unknown tier "bronze"',
    ]);
    expect(problemLines(validateProgram(baseProgram({ rules: [{ id: 'floor', when: { measure: 'spend_12m', gte: 1 }, atLeast: 'none' }] })))).toEqual([
      'rules[0].atLeast: unknown tier "none"',
    ]);
  });

  it('a rule needs exactly one effect', () => {
    const rules = [
      { id: 'both', when: { measure: 'spend_12m', gte: 1 }, atLeast: 'gold', atMost: 'diamond' },
      { id: 'neither', when: { measure: 'spend_12m', gte: 1 } },
    ];
    expect(problemLines(validateProgram(baseProgram({ rules })))).toEqual([
      'rules[0]: needs exactly one of atLeast or atMost',
      'rules[1]: needs exactly one of atLeast or atMost',
    ]);
  });

  it('a condition needs a comparison', () => {
    const rules = [{ id: 'empty', when: { measure: 'spend_12m' }, atLeast: 'gold' }];
    expect(problemLines(validateProgram(baseProgram({ rules })))).toEqual(['rules[0].when: needs a comparison: gte, gt, lte, lt or eq']);
  });

  it.each(MEASURE_KINDS.map((kind) => [kind, WINDOWED_KINDS.has(kind)] as const))('a %s measure with a window: allowed=%s', (kind, windowed) => {
    const measures = [{ id: 'm', kind, window: '90d', normalize: { method: 'percentile' as const }, weight: 1 }];
    const result = validateProgram(baseProgram({ measures, rules: [] }));
    if (windowed) expect(result.ok).toBe(true);
    else expect(problemLines(result)).toEqual([`measures[0].window: a ${kind} measure does not take a window`]);
  });

  it('every kind is accepted without a window', () => {
    for (const kind of MEASURE_KINDS) {
      const measures = [{ id: 'm', kind, normalize: { method: 'percentile' as const }, weight: 1 }];
      expect(validateProgram(baseProgram({ measures, rules: [] })).ok, kind).toBe(true);
    }
  });

  it.each(['12x', '0d', '90', 'd', '10000d', 'Lifetime', '90 d', '-1m'])('rejects the window string %j', (window) => {
    const measures = [{ id: 'm', kind: 'spend' as const, window, normalize: { method: 'percentile' as const }, weight: 1 }];
    expect(problemLines(validateProgram(baseProgram({ measures, rules: [] })))).toEqual([
      'measures[0].window: must be "lifetime" or a number with d, w, m or y (e.g. 90d, 12m)',
    ]);
  });

  it.each(['lifetime', '1d', '9999d', '2w', '12m', '3y'])('accepts the window string %j', (window) => {
    const measures = [{ id: 'm', kind: 'spend' as const, window, normalize: { method: 'percentile' as const }, weight: 1 }];
    expect(validateProgram(baseProgram({ measures, rules: [] })).ok).toBe(true);
  });

  it('checks the flag windows too', () => {
    const flags = { potential: { window: 'quarter' } };
    expect(problemLines(validateProgram(baseProgram({ flags })))).toEqual([
      'flags.potential.window: must be "lifetime" or a number with d, w, m or y (e.g. 90d, 12m)',
    ]);
  });

  it('reports an unknown key (a typo) by its name and path', () => {
    const base = baseProgram();
    const [first, ...rest] = base.measures;
    const program = { ...base, timezon: 'UTC', measures: [{ ...first, wieght: 3 }, ...rest] };
    expect(problemLines(validateProgram(program))).toEqual(['measures[0].wieght: unknown setting "wieght"', 'timezon: unknown setting "timezon"']);
  });

  it('reports a typo in a tier and in a flag setting', () => {
    const tiers = [{ ...tier('diamond', 85, 80), mindays: 10 }, tier('gold', 60, 54)];
    const flags = { atRisk: { inactiveDay: 30 } };
    expect(problemLines(validateProgram({ ...baseProgram({ tiers }), flags }))).toEqual([
      'tiers[0].mindays: unknown setting "mindays"',
      'flags.atRisk.inactiveDay: unknown setting "inactiveDay"',
    ]);
  });

  it('needs at least one weighted measure', () => {
    const measures = baseProgram().measures.map((m) => ({ ...m, weight: 0 }));
    expect(problemLines(validateProgram(baseProgram({ measures })))).toEqual(['measures: at least one measure needs a weight above 0']);
  });

  it('checks min-max bounds and band bounds', () => {
    const measures = [
      { id: 'spend_12m', kind: 'spend' as const, window: '12m', normalize: { method: 'minmax' as const, min: 10, max: 10 }, weight: 1 },
      { id: 'orders_12m', kind: 'order_count' as const, normalize: { method: 'bands' as const, bands: [{ atLeast: 5, atMost: 4, score: 50 }] }, weight: 1 },
    ];
    expect(problemLines(validateProgram(baseProgram({ measures })))).toEqual([
      'measures[0].normalize.max: must be above measures[0].normalize.min',
      'measures[1].normalize.bands[0].atMost: must not be below bands[0].atLeast',
    ]);
  });

  it('checks the time zone and the currency', () => {
    expect(problemLines(validateProgram(baseProgram({ timezone: 'Mars/Olympus_Mons', currency: 'usd' })))).toEqual([
      'currency: must be a three-letter currency code such as USD or CNY',
      'timezone: unknown time zone "Mars/Olympus_Mons" (use an IANA name such as Asia/Shanghai)',
    ]);
    expect(validateProgram(baseProgram({ timezone: 'Asia/Shanghai', currency: 'CNY' })).ok).toBe(true);
  });

  it('checks identifiers', () => {
    expect(problemLines(validateProgram(baseProgram({ tiers: [tier('Diamond', 85, 80), tier('gold', 60, 54)] })))).toEqual([
      'tiers[0].id: must start with a lowercase letter and use only a-z, 0-9 and _',
    ]);
  });

  it('localised text needs "en" and may omit other locales', () => {
    expect(validateProgram(baseProgram({ name: { en: 'Program' } })).ok).toBe(true);
    expect(validateProgram(baseProgram({ name: { en: 'Program', 'zh-CN': '计划' } })).ok).toBe(true);
    expect(problemLines(validateProgram(baseProgram({ name: { 'zh-CN': '计划' } })))).toEqual(['name: needs an "en" text (the fallback language)']);
  });

  it('reports a wrong type on the field', () => {
    const lines = problemLines(validateProgram(baseProgram({ tiers: [tier('diamond', 185, 80), tier('gold', 60, 54)] })));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tiers\[0\]\.enter: .*100/);
  });
});

describe('parseProgram (text)', () => {
  const yamlText = [
    'schemaVersion: 1',
    'name: Test program',
    'measures:',
    '  - id: spend_12m',
    '    kind: spend',
    '    window: 12m',
    '    normalize: { method: percentile }',
    '    weight: 60',
    '  - id: orders_12m',
    '    kind: order_count',
    '    window: 12m',
    '    normalize: { method: minmax, min: 0, max: 12 }',
    '    weight: 40',
    'rules:',
    '  - id: big_spender',
    '    when:',
    '      all:',
    '        - { measure: spend_12m, gte: 1000 }',
    '        - { measure: orders_12m, gte: 2 }',
    '    atLeast: gold',
    'tiers:',
    '  - id: diamond',
    '    name: Diamond',
    '    enter: 85',
    '    exit: 80',
    '  - id: platinum',
    '    name: Platinum',
    '    enter: 72',
    '    exit: 66',
    '  - id: gold',
    '    name: Gold',
    '    enter: 60',
    '    exit: 54',
    '',
  ].join('\n');

  it('accepts the valid text', () => {
    const result = parseProgram(yamlText);
    expect(result.ok ? [] : formatProblems(result.problems)).toEqual([]);
  });

  it('puts the tier ordering problem on the line of tiers[1].enter', () => {
    const text = yamlText.replace('    enter: 72\n    exit: 66', '    enter: 60\n    exit: 57');
    const result = parseProgram(text);
    const line = lineOf(text, 'enter: 60');
    expect(line).toBe(28);
    expect(problemLines(result)).toEqual([`${line} tiers[1].enter: must be above tiers[2].enter`]);
    if (!result.ok) expect(formatProblems(result.problems, 'program.yaml')).toEqual([`program.yaml:28 tiers[1].enter: must be above tiers[2].enter`]);
  });

  it('puts a nested unknown measure on the line of that condition', () => {
    const text = yamlText.replace('{ measure: orders_12m, gte: 2 }', '{ measure: order_12m, gte: 2 }');
    const result = parseProgram(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([{ path: 'rules[0].when.all[1].measure', line: lineOf(text, 'order_12m,'), message: 'unknown measure "order_12m"' }]);
    expect(result.problems[0]?.line).toBe(19);
  });

  it('puts an unknown key on its own line', () => {
    const text = yamlText.replace('    weight: 40', '    weight: 40\n    wieght: 4');
    const result = parseProgram(text);
    expect(problemLines(result)).toEqual([`${lineOf(text, 'wieght')} measures[1].wieght: unknown setting "wieght"`]);
  });

  it('puts a problem with a whole rule on the rule\'s first line', () => {
    const text = yamlText.replace('    atLeast: gold', '    atLeast: gold\n    atMost: platinum');
    const result = parseProgram(text);
    expect(problemLines(result)).toEqual([`${lineOf(text, '- id: big_spender')} rules[0]: needs exactly one of atLeast or atMost`]);
  });

  it('puts an exit problem on the exit line of the right tier', () => {
    const text = yamlText.replace('    exit: 54', '    exit: 61');
    const result = parseProgram(text);
    expect(problemLines(result)).toEqual([`33 tiers[2].exit: must be below tiers[2].enter (60), so members do not flip in and out`]);
    expect(lineOf(text, 'exit: 61')).toBe(33);
  });

  it('a missing section is reported at the top of the document', () => {
    const text = yamlText.slice(0, yamlText.indexOf('tiers:'));
    const result = parseProgram(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.line])).toEqual([['tiers', 1]]);
  });

  it('a YAML syntax error gives the line and no path', () => {
    const text = ['schemaVersion: 1', 'name: Test', 'measures: [', '  - id: x', ''].join('\n');
    const result = parseProgram(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.length).toBeGreaterThan(0);
    const [first] = result.problems;
    expect(first?.path).toBe('');
    expect(first?.line).toBeGreaterThanOrEqual(3);
    expect(first?.line).toBeLessThanOrEqual(5);
    expect(first?.message).toMatch(/^the file cannot be read: \S/);
    expect(first?.message).not.toContain('\n');
  });

  it('a bad indentation points at its line', () => {
    const text = ['schemaVersion: 1', 'name: Test', 'tiers:', '  - id: a', '    name: A', '   enter: 1', ''].join('\n');
    const result = parseProgram(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.path).toBe('');
    expect(result.problems[0]?.line).toBe(6);
  });

  it('a duplicate key is a syntax error on its line', () => {
    const text = yamlText.replace('name: Test program', 'name: Test program\nname: Other');
    const result = parseProgram(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.line).toBe(3);
    expect(result.problems[0]?.message).toMatch(/^the file cannot be read: .*unique/i);
  });

  it('an empty file is not a program', () => {
    const result = parseProgram('');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.path).toBe('');
  });

  it('speaks Chinese in zh-CN: our rules, zod\'s own messages and syntax errors', () => {
    const ordering = parseProgram(yamlText.replace('    enter: 72\n    exit: 66', '    enter: 60\n    exit: 57'), 'zh-CN');
    expect(problemLines(ordering)).toEqual(['28 tiers[1].enter: 必须高于 tiers[2].enter']);

    const nested = parseProgram(yamlText.replace('{ measure: orders_12m, gte: 2 }', '{ measure: order_12m, gte: 2 }'), 'zh-CN');
    expect(problemLines(nested)).toEqual(['19 rules[0].when.all[1].measure: 未知指标 "order_12m"']);

    const typo = parseProgram(yamlText.replace('    weight: 40', '    wieght: 40'), 'zh-CN');
    const typoLines = problemLines(typo);
    expect(typoLines).toContain('13 measures[1].wieght: 未知设置 "wieght"');
    for (const line of typoLines) expect(line).toMatch(CJK);

    const range = parseProgram(yamlText.replace('    enter: 85', '    enter: 185'), 'zh-CN');
    const [rangeLine] = problemLines(range);
    expect(rangeLine).toMatch(/^24 tiers\[0\]\.enter: /);
    expect(rangeLine).toMatch(CJK);

    const syntax = parseProgram('schemaVersion: 1\nmeasures: [\n', 'zh-CN');
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.problems[0]?.message).toMatch(/^无法读取文件：/);
  });

  it('the same problems differ only in language between en and zh-CN', () => {
    const text = yamlText.replace('    exit: 54', '    exit: 61').replace('{ measure: orders_12m', '{ measure: nope');
    const en = parseProgram(text, 'en');
    const zh = parseProgram(text, 'zh-CN');
    if (en.ok || zh.ok) throw new Error('expected problems');
    expect(zh.problems.map((p) => [p.path, p.line])).toEqual(en.problems.map((p) => [p.path, p.line]));
    expect(zh.problems).toHaveLength(2);
    for (const p of zh.problems) expect(p.message).toMatch(CJK);
    for (const p of en.problems) expect(p.message).not.toMatch(CJK);
  });

  it('reads JSON too, with lines', () => {
    const valid = JSON.stringify(baseProgram(), null, 2);
    const ok = parseProgram(valid);
    expect(ok.ok ? [] : formatProblems(ok.problems)).toEqual([]);
    if (ok.ok) expect(ok.program.tiers.map((t) => t.id)).toEqual(['diamond', 'platinum', 'gold']);

    const invalid = JSON.stringify(baseProgram({ tiers: [tier('diamond', 85, 80), tier('platinum', 60, 55), tier('gold', 60, 50)] }), null, 2);
    const result = parseProgram(invalid);
    const line = lineOf(invalid, '"enter": 60');
    expect(line).toBeGreaterThan(1);
    expect(problemLines(result)).toEqual([`${line} tiers[1].enter: must be above tiers[2].enter`]);
  });

  it('a JSON syntax error gives a line', () => {
    const result = parseProgram('{\n  "schemaVersion": 1,\n  "name": "x",,\n  "tiers": []\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.path).toBe('');
    expect(result.problems[0]?.line).toBe(3);
  });
});

describe('formatProblems and formatPath', () => {
  it('formats file, line and path, leaving out what is unknown', () => {
    expect(
      formatProblems(
        [
          { path: 'tiers[1].enter', line: 7, message: 'm1' },
          { path: '', line: 2, message: 'm2' },
          { path: 'measures', message: 'm3' },
        ],
        'p.yaml',
      ),
    ).toEqual(['p.yaml:7 tiers[1].enter: m1', 'p.yaml:2 m2', 'p.yaml measures: m3']);
    expect(formatProblems([{ path: '', message: 'm' }])).toEqual(['m']);
  });

  it('formats paths with indexes', () => {
    expect(formatPath(['tiers', 1, 'enter'])).toBe('tiers[1].enter');
    expect(formatPath(['rules', 0, 'when', 'all', 1, 'measure'])).toBe('rules[0].when.all[1].measure');
    expect(formatPath([])).toBe('');
  });
});
