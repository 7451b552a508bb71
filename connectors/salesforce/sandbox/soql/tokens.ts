/**
 * The SOQL tokenizer: identifiers (field paths like Account.Name are one token), quoted strings
 * with SOQL's escapes, numbers, unquoted date and date-time literals, operators and punctuation,
 * each with its row and column for error messages.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 */
import { parseDateTime } from '../values/value-coercion.js';
import { malformed, type SourcePosition } from './soql-error.js';

export type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'op' | 'punct' | 'eof';

export interface Token extends SourcePosition {
  kind: TokenKind;
  /** The source text. */
  text: string;
  /** Strings: the unescaped value. */
  value?: string;
  /** Strings: the text between the quotes, escapes kept (LIKE needs \% and \_). */
  raw?: string;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', '%': '\\%', _: '\\_' };
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})/;
const DATE_START = /^\d{4}-\d{2}-\d{2}/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;
const OPERATORS = ['!=', '<>', '<=', '>=', '=', '<', '>'];

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const at = (): SourcePosition => ({ line, column: i - lineStart + 1 });
  while (i < query.length) {
    const c = query[i] as string;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = query.slice(i, i + 64);
    const pos = at();
    if (c === "'") {
      const { token, end } = readString(query, i, pos);
      tokens.push(token);
      i = end;
      continue;
    }
    if (/\d/.test(c) && DATE_START.test(rest)) {
      const dateTime = DATE_TIME.exec(query.slice(i, i + 40));
      if (dateTime) {
        if (parseDateTime(dateTime[0]) === null) throw malformed(`line ${pos.line}:${pos.column - 1} invalid date time: ${dateTime[0]}`, pos);
        tokens.push({ kind: 'datetime', text: dateTime[0], ...pos });
        i += dateTime[0].length;
        continue;
      }
      const date = (DATE_START.exec(rest) as RegExpExecArray)[0];
      if (/^[T:\d]/.test(query.slice(i + date.length, i + date.length + 1))) {
        const word = /^\S+/.exec(query.slice(i))?.[0] ?? date;
        throw malformed(`line ${pos.line}:${pos.column - 1} no viable alternative at character '${word}': date-times need a time zone (Z or +hh:mm)`, pos);
      }
      tokens.push({ kind: 'date', text: date, ...pos });
      i += date.length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number && (/\d|\./.test(c) || /\d|\./.test(query[i + 1] ?? ''))) {
      tokens.push({ kind: 'number', text: number[0], ...pos });
      i += number[0].length;
      continue;
    }
    const ident = IDENT.exec(query.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], ...pos });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => query.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, ...pos });
      i += op.length;
      continue;
    }
    if (',():'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, ...pos });
      i++;
      continue;
    }
    throw malformed(`line ${pos.line}:${pos.column - 1} no viable alternative at character '${c}'`, pos);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', ...at() });
  return tokens;
}

function readString(query: string, start: number, pos: SourcePosition): { token: Token; end: number } {
  let value = '';
  let i = start + 1;
  while (i < query.length) {
    const c = query[i] as string;
    if (c === "'") {
      return { token: { kind: 'string', text: query.slice(start, i + 1), value, raw: query.slice(start + 1, i), ...pos }, end: i + 1 };
    }
    if (c === '\\') {
      const next = query[i + 1] ?? '';
      const decoded = ESCAPES[next];
      if (decoded === undefined) throw malformed(`Invalid string literal '${query.slice(start + 1, Math.min(query.length, i + 2))}'. Illegal character sequence '\\${next}' in string literal.`, pos);
      // \% and \_ only mean something to LIKE; elsewhere they are the plain characters.
      value += decoded.length === 2 ? next : decoded;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  throw malformed(`line ${pos.line}:${pos.column - 1} mismatched character '<EOF>' expecting '''`, pos);
}
