/** Requests from C concurrent clients until N are done: throughput, p50/p99 latency and status counts. */
import { quantile } from '../core/kpi/statistics.js';

export interface Load {
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Map<number, number>;
}

export async function load(count: number, concurrency: number, request: (i: number) => Promise<number>): Promise<Load> {
  const latencies: number[] = new Array<number>(count);
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        const status = await request(i);
        latencies[i] = performance.now() - t0;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: count / seconds, p50: quantile(latencies, 0.5) ?? 0, p99: quantile(latencies, 0.99) ?? 0, statuses };
}

