/** Kpi strings (owned by the kpi module). */
export const kpiEn = {
  title: 'Kpi',
} as const;
