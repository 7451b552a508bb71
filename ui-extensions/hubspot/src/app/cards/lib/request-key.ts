/**
 * One key per submitted form, so a retried submit is recorded once by the backend. Not a secret:
 * it only has to be unique for this user and record.
 */
export function newRequestKey(): string {
  const cryptoApi: { randomUUID?: () => string } | undefined = globalThis.crypto;
  if (cryptoApi && typeof cryptoApi.randomUUID === 'function') return cryptoApi.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}-${Math.random().toString(36).slice(2, 12)}`;
}
