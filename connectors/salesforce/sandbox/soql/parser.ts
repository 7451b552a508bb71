/**
 * A recursive-descent parser for the SOQL subset: SELECT fields, COUNT() or COUNT(field) FROM
 * object [WHERE ...] [ORDER BY ...] [LIMIT n] [OFFSET n]. As in SOQL, AND and OR never mix
 * without parentheses, and clauses SOQL has but the sandbox does not (GROUP BY, WITH...) are
 * refused by name.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
 */
import type { ComparisonOperator, Condition, DateRangeName, FieldPath, Literal, OrderItem, SelectItem, SoqlQuery } from './ast.js';
import { malformed } from './soql-error.js';
import { tokenize, type Token } from './tokens.js';
import type { SourcePosition } from './soql-error.js';

const at = (token: Token): SourcePosition => ({ line: token.line, column: token.column });

const RESERVED = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'ORDER', 'BY', 'ASC', 'DESC', 'NULLS', 'LIMIT', 'OFFSET', 'NULL', 'TRUE', 'FALSE', 'GROUP', 'HAVING', 'WITH', 'USING', 'FOR', 'INCLUDES', 'EXCLUDES', 'TYPEOF']);
const UNSUPPORTED: Record<string, string> = {
  GROUP: 'GROUP BY',
  HAVING: 'HAVING',
  WITH: 'WITH',
  USING: 'USING SCOPE',
  FOR: 'FOR VIEW/UPDATE/REFERENCE',
  TYPEOF: 'TYPEOF',
  INCLUDES: 'INCLUDES',
  EXCLUDES: 'EXCLUDES',
};
const DATE_RANGES: ReadonlySet<string> = new Set(['TODAY', 'YESTERDAY', 'TOMORROW']);
const N_DAY_RANGES: ReadonlySet<string> = new Set(['LAST_N_DAYS', 'NEXT_N_DAYS']);
const OPERATORS: Record<string, ComparisonOperator> = { '=': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): SoqlQuery {
    this.expectKeyword('SELECT');
    const select = this.selectList();
    this.expectKeyword('FROM');
    const fromToken = this.next();
    if (fromToken.kind !== 'ident' || RESERVED.has(fromToken.text.toUpperCase()) || fromToken.text.includes('.')) throw this.unexpected(fromToken);
    this.refuseUnsupported();
    const where = this.acceptKeyword('WHERE') ? this.condition() : null;
    this.refuseUnsupported();
    const orderBy = this.acceptKeyword('ORDER') ? (this.expectKeyword('BY'), this.orderList()) : [];
    this.refuseUnsupported();
    const limit = this.acceptKeyword('LIMIT') ? this.nonNegativeInteger() : null;
    const offset = this.acceptKeyword('OFFSET') ? this.nonNegativeInteger() : null;
    this.refuseUnsupported();
    const end = this.peek();
    if (end.kind !== 'eof') throw this.unexpected(end);
    return { select, from: { name: fromToken.text, position: at(fromToken) }, where, orderBy, limit, offset };
  }

  private selectList(): SelectItem[] {
    const items: SelectItem[] = [this.selectItem()];
    while (this.acceptPunct(',')) items.push(this.selectItem());
    return items;
  }

  private selectItem(): SelectItem {
    const token = this.peek();
    if (token.kind === 'ident' && token.text.toUpperCase() === 'COUNT' && this.peek(1).text === '(') {
      this.index += 2;
      const path = this.peek().text === ')' ? null : this.fieldPath();
      this.expectPunct(')');
      const aliasToken = this.peek();
      const alias = path && aliasToken.kind === 'ident' && !RESERVED.has(aliasToken.text.toUpperCase()) && !aliasToken.text.includes('.') ? (this.index++, aliasToken.text) : null;
      return { kind: 'count', path, alias, position: at(token) };
    }
    if (token.kind === 'punct' && token.text === '(') throw malformed('Subqueries (child relationships) are not supported by the Salesforce sandbox', token);
    return { kind: 'field', path: this.fieldPath() };
  }

  private fieldPath(): FieldPath {
    const token = this.next();
    if (token.kind !== 'ident' || RESERVED.has(token.text.toUpperCase())) throw this.unexpected(token);
    return { parts: token.text.split('.'), position: at(token) };
  }

  /** OR-list or AND-list of NOT-terms; mixing the two without parentheses is an error, as in SOQL. */
  private condition(): Condition {
    const first = this.notTerm();
    const items = [first];
    let connector: 'AND' | 'OR' | null = null;
    for (;;) {
      const token = this.peek();
      const word = token.kind === 'ident' ? token.text.toUpperCase() : '';
      if (word !== 'AND' && word !== 'OR') break;
      if (connector !== null && word !== connector) throw this.unexpected(token);
      connector = word;
      this.index++;
      items.push(this.notTerm());
    }
    if (connector === null) return first;
    return connector === 'AND' ? { kind: 'and', items } : { kind: 'or', items };
  }

  private notTerm(): Condition {
    if (this.acceptKeyword('NOT')) return { kind: 'not', item: this.primary() };
    return this.primary();
  }

  private primary(): Condition {
    if (this.acceptPunct('(')) {
      const inner = this.condition();
      this.expectPunct(')');
      return inner;
    }
    const path = this.fieldPath();
    const token = this.next();
    const word = token.kind === 'ident' ? token.text.toUpperCase() : '';
    if (word === 'IN') return { kind: 'in', path, negated: false, values: this.literalList() };
    if (word === 'NOT') {
      this.expectKeyword('IN');
      return { kind: 'in', path, negated: true, values: this.literalList() };
    }
    if (word === 'LIKE') {
      const pattern = this.literal();
      if (pattern.kind !== 'string') throw this.unexpected(this.tokens[this.index - 1] as Token);
      return { kind: 'like', path, pattern };
    }
    if (word === 'INCLUDES' || word === 'EXCLUDES') throw malformed(`${word} (multi-select picklists) is not supported by the Salesforce sandbox`, token);
    const op = token.kind === 'op' ? OPERATORS[token.text] : undefined;
    if (!op) throw this.unexpected(token);
    return { kind: 'compare', path, op, value: this.literal() };
  }

  private literalList(): Literal[] {
    const open = this.peek();
    this.expectPunct('(');
    if (this.peek().kind === 'ident' && this.peek().text.toUpperCase() === 'SELECT') throw malformed('Semi-join subqueries are not supported by the Salesforce sandbox', open);
    const values = [this.literal()];
    while (this.acceptPunct(',')) values.push(this.literal());
    this.expectPunct(')');
    return values;
  }

  private literal(): Literal {
    const token = this.next();
    const base = { position: at(token), text: token.text };
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value ?? '', raw: token.raw ?? '', ...base };
      case 'number':
        return { kind: 'number', value: Number(token.text), ...base };
      case 'date':
        return { kind: 'date', value: token.text, ...base };
      case 'datetime':
        return { kind: 'datetime', value: Date.parse(normalizeOffset(token.text)), ...base };
      case 'ident': {
        const word = token.text.toUpperCase();
        if (word === 'NULL') return { kind: 'null', ...base };
        if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE', ...base };
        if (DATE_RANGES.has(word)) return { kind: 'dateRange', name: word as DateRangeName, n: 0, ...base };
        if (N_DAY_RANGES.has(word)) {
          this.expectPunct(':');
          const n = this.next();
          if (n.kind !== 'number' || !/^\d+$/.test(n.text)) throw this.unexpected(n);
          return { kind: 'dateRange', name: word as DateRangeName, n: Number(n.text), ...base, text: `${token.text}:${n.text}` };
        }
        throw this.unexpected(token);
      }
      default:
        throw this.unexpected(token);
    }
  }

  private orderList(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      const path = this.fieldPath();
      let descending = false;
      if (this.acceptKeyword('DESC')) descending = true;
      else this.acceptKeyword('ASC');
      let nullsFirst: boolean | null = null;
      if (this.acceptKeyword('NULLS')) {
        const which = this.next();
        const word = which.kind === 'ident' ? which.text.toUpperCase() : '';
        if (word !== 'FIRST' && word !== 'LAST') throw this.unexpected(which);
        nullsFirst = word === 'FIRST';
      }
      items.push({ path, descending, nullsFirst });
    } while (this.acceptPunct(','));
    return items;
  }

  private nonNegativeInteger(): number {
    const token = this.next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) throw this.unexpected(token);
    return Number(token.text);
  }

  private refuseUnsupported(): void {
    const token = this.peek();
    const clause = token.kind === 'ident' ? UNSUPPORTED[token.text.toUpperCase()] : undefined;
    if (clause) throw malformed(`${clause} is not supported by the Salesforce sandbox`, token);
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private acceptKeyword(word: string): boolean {
    const token = this.peek();
    if (token.kind === 'ident' && token.text.toUpperCase() === word) {
      this.index++;
      return true;
    }
    return false;
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.unexpected(this.peek());
  }

  private acceptPunct(text: string): boolean {
    const token = this.peek();
    if (token.kind === 'punct' && token.text === text) {
      this.index++;
      return true;
    }
    return false;
  }

  private expectPunct(text: string): void {
    if (!this.acceptPunct(text)) throw this.unexpected(this.peek());
  }

  private unexpected(token: Token) {
    return malformed(`unexpected token: ${token.kind === 'eof' ? "'<EOF>'" : token.text}`, token);
  }
}

function normalizeOffset(text: string): string {
  return text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

export function parseSoql(query: string): SoqlQuery {
  return new Parser(tokenize(query)).parse();
}
