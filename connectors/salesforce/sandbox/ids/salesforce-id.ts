/**
 * Salesforce record ids: 15 case-sensitive characters (3-character key prefix, 2 for the
 * instance, 1 reserved, 9 for the record) plus a 3-character suffix that encodes which of the
 * 15 are upper case, so the 18-character form survives case-insensitive systems.
 * https://help.salesforce.com/s/articleView?id=000385008&type=1
 */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
/** Base 62 in ASCII order, so ids made from increasing counters also sort in creation order. */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const ID15 = /^[a-zA-Z0-9]{15}$/;
const ID18 = /^[a-zA-Z0-9]{18}$/;

export function caseSafeSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/** The 18-character form of a 15- or 18-character id, or null when it is not a well-formed id. */
export function toId18(raw: string): string | null {
  if (ID15.test(raw)) return raw + caseSafeSuffix(raw);
  if (!ID18.test(raw)) return null;
  const id15 = raw.slice(0, 15);
  // The suffix may arrive upper- or lower-cased; it must still describe the first 15 characters.
  return raw.slice(15).toUpperCase() === caseSafeSuffix(id15) ? id15 + caseSafeSuffix(id15) : null;
}

export function isId18(raw: string): boolean {
  return toId18(raw) === raw;
}

export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}

/** Record number `n` as 9 base-62 digits. */
export function base62(n: number, width: number): string {
  let out = '';
  let rest = Math.floor(n);
  for (let i = 0; i < width; i++) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  if (rest > 0) throw new Error(`${n} does not fit in ${width} base-62 digits`);
  return out;
}

export function fromBase62(text: string): number | null {
  let n = 0;
  for (const c of text) {
    const digit = BASE62.indexOf(c);
    if (digit < 0) return null;
    n = n * 62 + digit;
  }
  return n;
}

/**
 * The id of record number `n` with this key prefix on this instance (two characters, e.g.
 * '5g'): `prefix + instance + '0' + base62(n, 9)` plus its case-safe suffix.
 */
export function salesforceId(prefix: string, n: number, instance = '5g'): string {
  if (!/^[a-zA-Z0-9]{3}$/.test(prefix)) throw new Error(`key prefix ${prefix} must be 3 characters`);
  if (!/^[a-zA-Z0-9]{2}$/.test(instance)) throw new Error(`instance ${instance} must be 2 characters`);
  const id15 = `${prefix}${instance}0${base62(n, 9)}`;
  return id15 + caseSafeSuffix(id15);
}

/** The record number and instance of an id made by salesforceId, or null for any other id. */
export function parseSalesforceId(id: string): { prefix: string; instance: string; n: number } | null {
  if (id.length < 15 || id[5] !== '0') return null;
  const n = fromBase62(id.slice(6, 15));
  return n === null ? null : { prefix: id.slice(0, 3), instance: id.slice(3, 5), n };
}

/** Orders ids as SOQL does: by their 15 case-sensitive characters. */
export function compareIds(a: string, b: string): number {
  const x = a.slice(0, 15);
  const y = b.slice(0, 15);
  return x < y ? -1 : x > y ? 1 : 0;
}
