/**
 * `vip-care clv fit|predict` end to end on the CDNOW sample, through the built CLI: the fitted
 * parameters match the published figures, and predictions come out as CSV.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { CDNOW_SAMPLE, repoRoot, tempDir, type TempDir } from '../helpers.js';

const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, 'dist', 'cli.mjs'), ...args], { cwd: repoRoot, env: { ...process.env, VIP_CARE_LOCALE: 'en' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const within = (actual: number, expected: number, relative: number) => expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(relative);
const base = ['--input', CDNOW_SAMPLE, '--format', 'cdnow', '--calibration-end', '1997-09-30'];

describe('vip-care clv', () => {
  let dir: TempDir;
  beforeAll(async () => {
    await run(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), 'cli'], { cwd: repoRoot });
    dir = await tempDir();
    return () => dir.remove();
  });

  it('fit --json reports BG/NBD and Gamma-Gamma fits that match the published figures, and the holdout check', async () => {
    const r = await cli(['clv', 'fit', ...base, '--holdout-end', '1998-06-30', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const fit = JSON.parse(r.stdout) as {
      model: string; customers: number; params: Record<string, number>; stderr: Record<string, number>; logLikelihood: number; evaluations: number;
      holdout: { actual: number; predicted: number }; gammaGamma: { p: number; q: number; gamma: number; customers: number; excluded: Record<string, number> };
    };
    expect(fit).toMatchObject({ model: 'bgnbd', customers: 2357 });
    within(fit.params.r as number, 0.242593, 0.001);
    within(fit.params.alpha as number, 4.413532, 0.001);
    within(fit.params.a as number, 0.792886, 0.001);
    within(fit.params.b as number, 2.425752, 0.001);
    expect(Math.abs(fit.logLikelihood - -9582.43)).toBeLessThanOrEqual(0.01);
    expect(fit.evaluations).toBeLessThan(100);
    expect(Object.values(fit.stderr).every((s) => s > 0)).toBe(true);
    expect(fit.holdout.actual).toBe(1882);
    expect(fit.holdout.predicted).toBeGreaterThan(0);
    within(fit.gammaGamma.p, 6.2496, 0.001);
    within(fit.gammaGamma.q, 3.7442, 0.001);
    within(fit.gammaGamma.gamma, 15.4435, 0.001);
    expect(fit.gammaGamma).toMatchObject({ customers: 946, excluded: { no_repeat: 1411, zero_value_transaction: 0 } });
  });

  it('fit --model pareto reports the Pareto/NBD parameters published for the same data', async () => {
    const r = await cli(['clv', 'fit', ...base, '--holdout-end', '1998-06-30', '--model', 'pareto', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const fit = JSON.parse(r.stdout) as { model: string; params: Record<string, number>; evaluations: number; holdout: { actual: number; predicted: number } };
    expect(fit.model).toBe('pareto');
    within(fit.params.r as number, 0.553, 0.005);
    within(fit.params.alpha as number, 10.578, 0.005);
    within(fit.params.s as number, 0.606, 0.005);
    within(fit.params.beta as number, 11.669, 0.005);
    expect(fit.evaluations).toBeLessThan(100);
    expect(fit.holdout.actual).toBe(1882);
  });

  it('predict writes one CSV row per customer with P(alive) in [0, 1] and non-negative CLV', async () => {
    const file = path.join(dir.path, 'predictions.csv');
    const r = await cli(['clv', 'predict', ...base, '--months', '12', '--discount', '0.01', '--output', file]);
    expect(r.code, r.stderr).toBe(0);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('customer_id,expected_transactions,p_alive,expected_average_value,clv');
    expect(lines).toHaveLength(2358);
    for (const line of lines.slice(1)) {
      const [, expected, alive, value, clv] = line.split(',').map(Number);
      expect(alive).toBeGreaterThanOrEqual(0);
      expect(alive).toBeLessThanOrEqual(1);
      expect(expected).toBeGreaterThanOrEqual(0);
      expect(value).toBeGreaterThan(0);
      expect(clv).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuses bad arguments with a plain message', async () => {
    const r = await cli(['clv', 'predict', ...base, '--discount', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--discount must be a rate between 0 and 1/);
    const bad = await cli(['clv', 'fit', '--input', CDNOW_SAMPLE, '--format', 'cdnow', '--calibration-end', '1997-02-30']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/YYYY-MM-DD/);
  });
});
