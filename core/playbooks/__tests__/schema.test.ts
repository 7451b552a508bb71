import { describe, expect, it } from 'vitest';
import { EXAMPLE_PROGRAMS } from '../../program/examples/index.js';
import { parseProgram } from '../../program/load.js';

const base = EXAMPLE_PROGRAMS.retail;
const withPlaybooks = (yaml: string) => base.replace(/\nplaybooks:\n[\s\S]*$/, `\nplaybooks:\n${yaml}`);

describe('playbooks in the program file', () => {
  it('the shipped programs validate with their playbooks', () => {
    const parsed = parseProgram(base);
    expect(parsed.ok && parsed.program.playbooks.map((p) => p.id)).toEqual(['welcome', 'at_risk_save', 'regular_check_in', 'birthday', 'downgrade_review', 'detractor_recovery', 'concierge']);
  });

  it('names the path and line of every problem, in en and zh-CN', () => {
    const text = withPlaybooks(`  - id: bad
    name: Bad
    trigger: { type: tier_entered, tiers: [emerald] }
    steps:
      - { id: a, type: branch, if: { taskCompleted: b }, then: nowhere, else: a }
      - { id: b, type: wait, duration: 3x }
`);
    const en = parseProgram(text, 'en');
    expect(en.ok).toBe(false);
    if (en.ok) return;
    const lines = text.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(en.problems).toEqual(
      expect.arrayContaining([
        { path: 'playbooks[0].steps[1].duration', line: lineOf('duration: 3x'), message: 'must be a number with h, d, w or m (e.g. 12h, 3d, 2w, 1m)' },
      ]),
    );
    const zh = parseProgram(text, 'zh-CN');
    expect(zh.ok).toBe(false);
    if (!zh.ok) expect(zh.problems.some((p) => p.path === 'playbooks[0].steps[1].duration' && /[\u4e00-\u9fff]/.test(p.message))).toBe(true);
  });

  it('reports unknown tiers, unknown step targets, non-task references and loops without a wait', () => {
    const text = withPlaybooks(`  - id: bad
    name: Bad
    trigger: { type: tier_entered, tiers: [emerald] }
    steps:
      - { id: a, type: branch, if: { taskCompleted: c }, then: nowhere, else: c }
      - { id: c, type: task, title: "Hi {{#customer}}" }
      - { id: d, type: branch, if: { scoreAtLeast: 10 }, then: c, else: end }
`);
    const result = parseProgram(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(result.problems.map((p) => [p.path, p.message]));
    expect(byPath['playbooks[0].trigger.tiers[0]']).toBe('unknown tier "emerald"');
    expect(byPath['playbooks[0].steps[0].then']).toBe('unknown step "nowhere" (use a step id of this playbook or "end")');
    expect(byPath['playbooks[0].steps[1]']).toBe('these steps loop back without a wait step, so they would run forever');
    expect(byPath['playbooks[0].steps[1].title']).toMatch(/^the template cannot be read: Unclosed section "customer"/);
  });

  it('accepts the same loop once it passes a wait step', () => {
    const text = withPlaybooks(`  - id: nag
    name: Nag
    trigger: { type: manual }
    steps:
      - { id: c, type: task, title: Hi }
      - { id: w, type: wait, duration: 7d }
      - { id: d, type: branch, if: { taskCompleted: c }, then: end, else: c }
`);
    expect(parseProgram(text).ok).toBe(true);
  });
});
