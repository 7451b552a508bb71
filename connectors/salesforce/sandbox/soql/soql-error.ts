/**
 * SOQL errors as Salesforce words them: the offending line, a caret under the column, the row
 * and column, then the reason, e.g. "\nSELECT Id FORM Contact\n          ^\nERROR at
 * Row:1:Column:11\nunexpected token: FORM", with the error code (MALFORMED_QUERY,
 * INVALID_FIELD, INVALID_TYPE...).
 */
export interface SourcePosition {
  line: number;
  column: number;
}

export class SoqlError extends Error {
  constructor(
    readonly errorCode: string,
    readonly detail: string,
    readonly position: SourcePosition | null,
  ) {
    super(detail);
    this.name = 'SoqlError';
  }

  /** The REST message for this error in `query`. */
  describe(query: string): string {
    if (!this.position) return this.detail;
    const line = query.split(/\r?\n/)[this.position.line - 1] ?? '';
    return `\n${line}\n${' '.repeat(Math.max(0, this.position.column - 1))}^\nERROR at Row:${this.position.line}:Column:${this.position.column}\n${this.detail}`;
  }
}

export const malformed = (detail: string, position: SourcePosition | null): SoqlError => new SoqlError('MALFORMED_QUERY', detail, position);
