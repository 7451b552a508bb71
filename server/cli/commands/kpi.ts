import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/** `vip-care kpi` (to be built). */
export function registerKpi(_cli: Command, _c: CliContext): void {}
