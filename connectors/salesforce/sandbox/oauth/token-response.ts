/**
 * The token endpoint's success answer. Salesforce sends no `expires_in` (sessions time out by
 * inactivity); `signature` is base64(HMAC-SHA256(client secret, id + issued_at)), which lets the
 * client check the identity URL came from Salesforce.
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
import { createHmac } from 'node:crypto';
import type { Session } from './session-store.js';

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  signature: string;
  scope: string;
  instance_url: string;
  id: string;
  token_type: 'Bearer';
  issued_at: string;
}

export function identityUrl(origin: string, orgId: string, userId: string): string {
  return `${origin}/id/${orgId}/${userId}`;
}

export function tokenResponse(origin: string, session: Session, clientSecret: string, refreshToken: string | null): TokenResponse {
  const id = identityUrl(origin, session.orgId, session.userId);
  const issuedAt = String(session.issuedAt);
  return {
    access_token: session.token,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    signature: createHmac('sha256', clientSecret).update(id + issuedAt).digest('base64'),
    scope: session.scope,
    instance_url: origin,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
  };
}
