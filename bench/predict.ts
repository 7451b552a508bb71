/**
 * Prediction-model benchmark. In one run, for the CDNOW sample summary and a synthetic summary
 * simulated from BG/NBD with known parameters (seeded, so the same every run), it times:
 *   one full log-likelihood evaluation (with its analytic gradient, what the optimiser calls);
 *   a full fit (BFGS to convergence plus the 8 gradient evaluations of the finite-difference
 *   Hessian for the standard errors), reported as a multiple of one evaluation at the fitted
 *   parameters, with the evaluations used to converge;
 * and the per-customer scoring throughput of P(alive) and the conditional expectation (single
 * core). Targets (issue 3): converge in < 100 evaluations; >= 1M customers/s for P(alive) and
 * >= 250k/s for conditional expectations.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  bgnbdLogLikelihoodWithGradient,
  conditionalExpectedTransactions,
  fitBgNbd,
  probabilityAlive,
  type BgNbdParams,
  type CustomerSummary,
} from '../core/predict/bgnbd.js';
import {
  fitParetoNbd,
  paretoNbdConditionalExpectedTransactions,
  paretoNbdLogLikelihoodWithGradient,
  paretoNbdProbabilityAlive,
} from '../core/predict/pareto-nbd.js';

/** Options for {@link predictBench}. */
export interface PredictBenchOptions {
  /** Synthetic customers (default 1,000,000). */
  customers: number;
  out: (line: string) => void;
}

interface FitRow {
  data: string;
  model: 'bgnbd' | 'pareto';
  customers: number;
  oneEvaluationSeconds: number;
  fitSeconds: number;
  fitOverOneEvaluation: number;
  evaluations: number;
  converged: boolean;
  params: Record<string, number>;
}

interface ScoringRow {
  model: 'bgnbd' | 'pareto';
  customers: number;
  probabilityAlivePerSecond: number;
  conditionalExpectedPerSecond: number;
}

/** Known parameters of the synthetic population: FHL 2005's CDNOW BG/NBD estimates. */
const SYNTHETIC_PARAMS: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const SEED = 20050301;
const HORIZON = 39;

/** Mulberry32: a small seeded PRNG with a 2^32 period, uniform on (0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000), with the U^(1/shape) boost for shape < 1. */
function gammaSample(rand: () => number, shape: number): number {
  if (shape < 1) return gammaSample(rand, shape + 1) * Math.pow(rand(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      // Box-Muller standard normal.
      x = Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * A BG/NBD population (FHL 2005 §2): λ ~ Gamma(r, α), p ~ Beta(a, b); purchases Poisson(λ) from
 * the first purchase at 0; after each repeat purchase the customer drops out with probability p.
 * Ages T are spread over a 12-week acquisition window before a 39-week calibration end, as in CDNOW.
 */
export function syntheticBgNbdSummary(customers: number, params: BgNbdParams = SYNTHETIC_PARAMS, seed = SEED): CustomerSummary[] {
  const rand = mulberry32(seed);
  const out: CustomerSummary[] = [];
  for (let i = 0; i < customers; i++) {
    const T = HORIZON - 12 * rand();
    const lambda = gammaSample(rand, params.r) / params.alpha;
    const ga = gammaSample(rand, params.a);
    const p = ga / (ga + gammaSample(rand, params.b));
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += -Math.log(rand()) / lambda;
      if (!(t <= T)) break;
      x++;
      tx = t;
      if (rand() < p) break;
    }
    out.push({ x, tx, T });
  }
  return out;
}

function readCdnowSummary(): CustomerSummary[] | null {
  const file = path.resolve(process.cwd(), '..', 'shared', 'data', 'cdnow', 'cdnow_customers_summary_with_transactions.csv');
  if (!existsSync(file)) return null;
  return readFileSync(file, 'utf8').trim().split(/\r?\n/).slice(1).map((line) => {
    const [, x, tx, T] = line.split(',').map(Number);
    return { x: x!, tx: tx!, T: T! };
  });
}

/** Median wall time of `fn` over `repeats` runs (at least one), in seconds. */
function timeIt(fn: () => void, repeats: number): number {
  const runs: number[] = [];
  for (let i = 0; i < Math.max(1, repeats); i++) {
    const start = performance.now();
    fn();
    runs.push((performance.now() - start) / 1000);
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)]!;
}

let sink = 0;

function benchFits(data: string, customers: readonly CustomerSummary[], out: (line: string) => void): FitRow[] {
  const n = customers.length;
  const repeats = n <= 100_000 ? 7 : 3;
  const rows: FitRow[] = [];
  {
    // Warm the code paths up (a fit on the first 2,000 customers), fit, then time one evaluation
    // at the fitted parameters (where the optimiser spends most of its evaluations).
    sink += fitBgNbd(customers.slice(0, 2000)).logLikelihood;
    const t0 = performance.now();
    const fit = fitBgNbd(customers);
    const fitSeconds = (performance.now() - t0) / 1000;
    const one = timeIt(() => {
      sink += bgnbdLogLikelihoodWithGradient(fit.params, customers).value;
    }, repeats);
    rows.push({ data, model: 'bgnbd', customers: n, oneEvaluationSeconds: one, fitSeconds, fitOverOneEvaluation: fitSeconds / one, evaluations: fit.evaluations, converged: fit.converged, params: { ...fit.params } });
    out(`[${data}] BG/NBD: one evaluation ${one.toFixed(4)} s, fit ${fitSeconds.toFixed(3)} s, ${fit.evaluations} evaluations`);
  }
  {
    sink += fitParetoNbd(customers.slice(0, 2000)).logLikelihood;
    const t0 = performance.now();
    const fit = fitParetoNbd(customers);
    const fitSeconds = (performance.now() - t0) / 1000;
    const one = timeIt(() => {
      sink += paretoNbdLogLikelihoodWithGradient(fit.params, customers).value;
    }, repeats);
    rows.push({ data, model: 'pareto', customers: n, oneEvaluationSeconds: one, fitSeconds, fitOverOneEvaluation: fitSeconds / one, evaluations: fit.evaluations, converged: fit.converged, params: { ...fit.params } });
    out(`[${data}] Pareto/NBD: one evaluation ${one.toFixed(4)} s, fit ${fitSeconds.toFixed(3)} s, ${fit.evaluations} evaluations`);
  }
  return rows;
}

function benchScoring(customers: readonly CustomerSummary[], bg: BgNbdParams, pareto: { r: number; alpha: number; s: number; beta: number }): ScoringRow[] {
  const n = customers.length;
  const rate = (fn: () => void): number => n / timeIt(fn, 3);
  return [
    {
      model: 'bgnbd',
      customers: n,
      probabilityAlivePerSecond: rate(() => {
        for (const c of customers) sink += probabilityAlive(bg, c.x, c.tx, c.T);
      }),
      conditionalExpectedPerSecond: rate(() => {
        for (const c of customers) sink += conditionalExpectedTransactions(bg, HORIZON, c.x, c.tx, c.T);
      }),
    },
    {
      model: 'pareto',
      customers: n,
      probabilityAlivePerSecond: rate(() => {
        for (const c of customers) sink += paretoNbdProbabilityAlive(pareto, c.x, c.tx, c.T);
      }),
      conditionalExpectedPerSecond: rate(() => {
        for (const c of customers) sink += paretoNbdConditionalExpectedTransactions(pareto, HORIZON, c.x, c.tx, c.T);
      }),
    },
  ];
}

/**
 * Run the prediction benchmark and print a table and one JSON line (`{"benchmark":"predict",...}`).
 * Fit times are multiples of one full log-likelihood evaluation timed in the same run.
 */
export async function predictBench(opts: PredictBenchOptions): Promise<unknown> {
  const { out } = opts;
  const customers = opts.customers > 0 ? Math.floor(opts.customers) : 1_000_000;
  const fits: FitRow[] = [];
  const cdnow = readCdnowSummary();
  if (cdnow) fits.push(...benchFits('cdnow', cdnow, out));
  else out('[cdnow] ../shared/data/cdnow/cdnow_customers_summary_with_transactions.csv not found (relative to the working directory): skipped');

  out(`[synthetic] simulating ${customers.toLocaleString('en')} BG/NBD customers (r=${SYNTHETIC_PARAMS.r}, alpha=${SYNTHETIC_PARAMS.alpha}, a=${SYNTHETIC_PARAMS.a}, b=${SYNTHETIC_PARAMS.b}, seed ${SEED}) ...`);
  const synthetic = syntheticBgNbdSummary(customers);
  await Promise.resolve();
  fits.push(...benchFits('synthetic', synthetic, out));

  const bgFit = fits.find((f) => f.data === 'synthetic' && f.model === 'bgnbd')!;
  const paretoFit = fits.find((f) => f.data === 'synthetic' && f.model === 'pareto')!;
  const scoring = benchScoring(
    synthetic,
    bgFit.params as unknown as BgNbdParams,
    paretoFit.params as unknown as { r: number; alpha: number; s: number; beta: number },
  );

  out('');
  out('data       model    customers  1 eval (s)  fit (s)  fit / 1 eval  evaluations (target < 100)  converged');
  for (const f of fits) {
    out(
      [
        f.data.padEnd(10),
        f.model.padEnd(7),
        String(f.customers).padStart(10),
        f.oneEvaluationSeconds.toFixed(4).padStart(11),
        f.fitSeconds.toFixed(3).padStart(8),
        `${f.fitOverOneEvaluation.toFixed(1)}x`.padStart(13),
        String(f.evaluations).padStart(27),
        String(f.converged).padStart(10),
      ].join(' '),
    );
  }
  out('');
  out('model    customers  P(alive)/s (target >= 1M)  E[Y(39)|x,tx,T]/s (target >= 250k)');
  for (const s of scoring) {
    out([s.model.padEnd(7), String(s.customers).padStart(10), Math.round(s.probabilityAlivePerSecond).toLocaleString('en').padStart(26), Math.round(s.conditionalExpectedPerSecond).toLocaleString('en').padStart(36)].join(' '));
  }
  out('');
  const result = { benchmark: 'predict', syntheticParams: SYNTHETIC_PARAMS, seed: SEED, fits, scoring, checksum: Number.isFinite(sink) };
  out(JSON.stringify(result));
  return result;
}
