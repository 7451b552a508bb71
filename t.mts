import { parseProgram, formatProblems } from './core/program/load.js';
const text = `schemaVersion: 1
name: Test
measures:
  - id: spend_12m
    kind: spend
    window: 12m
    normalize: { method: percentile }
    weight: 1
  - id: recency
    kind: recency
    window: 30d
    normalize: { method: bands, bands: [{ atMost: 30, score: 100 }, { score: 0 }] }
    weight: 1
tiers:
  - { id: diamond, name: Diamond, enter: 90, exit: 80 }
  - { id: gold, name: { en: Gold, zh-CN: 黄金 }, enter: 95, exit: 85 }
rules:
  - id: r1
    when: { measure: nope, gte: 1 }
    atLeast: platinum
`;
for (const l of ['en','zh-CN'] as const) { const r = parseProgram(text, l); if (!r.ok) console.log(formatProblems(r.problems, 'p.yaml').join('\n')); }
