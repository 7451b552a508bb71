/**
 * SOQL literals. Values we put in queries are Salesforce ids, instants and our own task ids; each
 * is checked or escaped here so a query can never be changed by a value.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 */
const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

export function soqlString(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

export function soqlId(value: string): string {
  if (!ID.test(value)) throw new Error(`not a Salesforce id: ${JSON.stringify(value.slice(0, 40))}`);
  return `'${value}'`;
}

/** A datetime literal (unquoted, UTC, milliseconds). */
export function soqlDateTime(ms: number): string {
  return new Date(ms).toISOString();
}
