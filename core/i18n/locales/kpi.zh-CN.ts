import type { kpiEn } from './kpi.en.js';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const kpiZhCN: Widen<typeof kpiEn> = {
  title: 'Kpi',
};
