/**
 * Account details: the portal's time zone and currency, which a connector needs to read dates
 * and amounts. https://developers.hubspot.com/docs/api/settings/account-information-api
 */
import { Router } from 'express';
import { callerOf } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';

/** Offset of an IANA zone from UTC at an instant, in milliseconds. */
function utcOffsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const minutes = Math.abs(ms) / 60_000;
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function accountRoutes(ctx: SandboxContext): Router {
  const router = Router();

  router.get('/account-info/v3/details', (req, res) => {
    const { portal } = callerOf(req);
    const offset = utcOffsetMs(portal.timezone, ctx.clock.now());
    res.json({
      portalId: portal.portalId,
      accountType: 'STANDARD',
      timeZone: portal.timezone,
      companyCurrency: portal.currency,
      additionalCurrencies: [],
      utcOffset: formatOffset(offset),
      utcOffsetMilliseconds: offset,
      uiDomain: 'app.hubspot.com',
      dataHostingLocation: 'na1',
    });
  });

  return router;
}
