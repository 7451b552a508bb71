/**
 * Base URL of the VIP Care backend this HubSpot project talks to: card data and actions
 * (`hubspot.fetch`), OAuth redirects, workflow actions and webhooks. It is written here and in the
 * `*-hsmeta.json` files, which cannot import code; change it only with
 * `node scripts/set-backend-url.mjs <https-url>`, which rewrites all of them together (a test
 * fails if they disagree). HTTPS and not localhost: `hubspot.fetch` refuses anything else.
 */
export const BACKEND_URL = 'https://vip-care.example.com';
