import { Router } from 'express';
import { z } from 'zod';
import { localized } from '../../../core/i18n/index.js';
import { describeFlag, describeReason, measureLabel, tierName } from '../../../core/scoring/describe.js';
import { isValidIsoDate } from '../../../core/scoring/calendar.js';
import { decodeCursor, explainCustomer, listCustomers, tierSummary } from '../../scoring/read-models.js';
import { requireProgram } from '../../tenants/provision.js';
import type { AppDeps } from '../app.js';
import { requestLocale } from '../app.js';
import { tenantOf } from '../auth.js';

const CustomersQuery = z.object({
  tier: z.string().regex(/^[a-z][a-z0-9_]*$/).optional(),
  flag: z.enum(['potential_vip', 'at_risk']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
  locale: z.string().optional(),
});

const ExplainQuery = z.object({
  since: z.string().refine(isValidIsoDate, { error: 'expected YYYY-MM-DD' }).optional(),
  locale: z.string().optional(),
});

const CustomerId = z.string().min(1).max(200);

/** The tenant JSON API. Every handler reads the tenant from the verified key (tenantOf). */
export function apiRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/tiers', async (req, res) => {
    const tenantId = tenantOf(res);
    const locale = requestLocale(req);
    const { program, version } = await requireProgram(deps.store, tenantId);
    const summary = await tierSummary(deps.store, tenantId, program.tiers.map((t) => t.id));
    res.json({
      asOf: summary.asOf,
      programVersion: version,
      customers: summary.customers,
      tiers: summary.tiers.map((t) => ({ ...t, label: tierName(program, t.name, locale) })),
      notVip: summary.notVip,
      flags: summary.flags,
    });
  });

  router.get('/customers', async (req, res) => {
    const tenantId = tenantOf(res);
    const q = CustomersQuery.parse(req.query);
    const locale = requestLocale(req);
    const { program } = await requireProgram(deps.store, tenantId);
    const page = await listCustomers(deps.store, tenantId, {
      tier: q.tier === 'none' ? null : q.tier,
      flag: q.flag,
      limit: q.limit,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
    });
    res.json({
      items: page.items.map((c) => ({ ...c, tierLabel: tierName(program, c.tier, locale), flags: c.flags.map((f) => ({ ...f, text: describeFlag(f, locale) })) })),
      next: page.next,
    });
  });

  router.get('/customers/:customerId/explanation', async (req, res) => {
    const tenantId = tenantOf(res);
    const customerId = CustomerId.parse(req.params.customerId);
    const q = ExplainQuery.parse(req.query);
    const locale = requestLocale(req);
    const { program } = await requireProgram(deps.store, tenantId);
    const e = await explainCustomer(deps.store, tenantId, customerId, { since: q.since });
    res.json({
      customerId: e.customerId,
      asOf: e.asOf,
      score: e.score,
      tier: e.tier,
      tierLabel: tierName(program, e.tier, locale),
      tierSince: e.tierSince,
      tierSource: e.tierSource,
      contributions: e.contributions.map((c) => ({ ...c, label: measureLabel(program, c.measure, locale) })),
      reasons: e.reasons.map((r) => ({ code: r.code, text: describeReason(r, program, locale), params: r.params })),
      flags: e.flags.map((f) => ({ ...f, text: describeFlag(f, locale) })),
      changes: e.changes,
    });
  });

  router.get('/program', async (req, res) => {
    const tenantId = tenantOf(res);
    const locale = requestLocale(req);
    const { program, version, publishedAt, publishedBy } = await requireProgram(deps.store, tenantId);
    res.json({ version, name: localized(program.name, locale), publishedAt, publishedBy, program });
  });

  return router;
}
