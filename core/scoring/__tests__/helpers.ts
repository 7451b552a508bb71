/** Test factories for the scoring tests: programs through the real validator, facts with overrides. */
import { formatProblems, parseProgram, validateProgram } from '../../program/load.js';
import type { Program } from '../../program/schema.js';
import type { ActiveOverride, CustomerFacts, PreviousAssignment, TierSource } from '../facts.js';

/** Validates a program object (applying defaults) or throws with the problems. */
export function programFrom(input: unknown): Program {
  const result = validateProgram(input);
  if (!result.ok) throw new Error(`invalid test program:\n${formatProblems(result.problems).join('\n')}`);
  return result.program;
}

/** Parses a YAML program or throws with the problems. */
export function programFromYaml(text: string): Program {
  const result = parseProgram(text);
  if (!result.ok) throw new Error(`invalid test program:\n${formatProblems(result.problems).join('\n')}`);
  return result.program;
}

export function facts(overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return {
    customerId: 'c1',
    aggregates: {},
    firstOrderDate: null,
    lastOrderDate: null,
    customerSince: null,
    influence: null,
    predictedValue: null,
    churnRisk: null,
    previous: null,
    override: null,
    ...overrides,
  };
}

export function previous(tier: string | null, since: string, source: TierSource = 'score', score = 0): PreviousAssignment {
  return { tier, since, source, score };
}

export function override(tier: string | null, overrides: Partial<ActiveOverride> = {}): ActiveOverride {
  return { tier, reason: 'Key account, agreed with sales', author: 'admin@example.com', expiresAt: null, ...overrides };
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
