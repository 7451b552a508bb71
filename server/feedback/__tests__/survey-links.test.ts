import { describe, expect, it } from 'vitest';
import { surveyLinkSigner } from '../survey-links.js';

const links = surveyLinkSigner(Buffer.from('unit-test-survey-link-secret-0123456789'), 'https://vip.example.com/');
const expires = new Date('2027-01-01T00:00:00Z');

describe('survey links', () => {
  it('round-trips the invitation and expiry, and builds the public URL', () => {
    const token = links.sign('AbCdEfGh12345678', expires);
    expect(links.verify(token)).toEqual({ invitationId: 'AbCdEfGh12345678', expiresAt: expires });
    expect(links.url(token)).toBe(`https://vip.example.com/s/${token}`);
  });

  it('accepts only the one spelling of a signature: every other last character is refused', () => {
    const token = links.sign('AbCdEfGh12345678', expires);
    const head = token.slice(0, -1);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const accepted = [...alphabet].filter((c) => links.verify(head + c) !== null);
    // base64 leaves spare bits in the last character; decoded bytes would accept 4 spellings.
    expect(accepted).toEqual([token.slice(-1)]);
  });

  it('refuses other keys, other ids, other expiries and malformed tokens', () => {
    const token = links.sign('AbCdEfGh12345678', expires);
    const [v, id, exp, sig] = token.split('.') as [string, string, string, string];
    const other = surveyLinkSigner(Buffer.from('a-different-secret-for-the-same-format!!'), 'https://x');
    for (const bad of [other.sign(id, expires), `${v}.${id}x.${exp}.${sig}`, `${v}.${id}.${exp}1.${sig}`, `v2.${id}.${exp}.${sig}`, `${token}.x`, '', 'a.b.c.d']) {
      expect(links.verify(bad)).toBeNull();
    }
    expect(() => surveyLinkSigner(Buffer.from('short'), 'https://x')).toThrow(/32 bytes/);
  });
});
