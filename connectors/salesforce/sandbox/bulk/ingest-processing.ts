/**
 * Runs an ingest job's CSV against the org, record by record (each record saves or fails on
 * its own): the header must name fields of the object (otherwise the whole job fails, "InvalidBatch
 * : Field name not found : X"); an empty cell leaves the field alone and `#N/A` clears it. Results
 * repeat the uploaded row after `sf__Id,sf__Created` or `sf__Id,sf__Error`, errors written as
 * `STATUS_CODE:message:fields --`.
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_successful_results.htm
 */
import type { SaveError } from '../errors.js';
import { keyPrefixOf, toId18 } from '../ids/salesforce-id.js';
import type { FieldDefinition } from '../schema/field-definition.js';
import type { SalesforceOrg } from '../state/org.js';
import type { SaveOutcome, WriteActor } from '../state/write-transaction.js';
import type { IngestJob } from './bulk-job.js';
import { lineEndingProblem, parseCsv } from './csv-format.js';

export interface IngestOutcome {
  state: 'JobComplete' | 'Failed';
  errorMessage: string | null;
  header: string[];
  successful: string[][];
  failed: string[][];
  unprocessed: string[][];
}

export function bulkErrorText(errors: readonly SaveError[]): string {
  return errors.map((e) => `${e.statusCode}:${e.message}:${e.fields.join(',')} --`).join(' ');
}

function failedJob(errorMessage: string, header: string[], rows: string[][]): IngestOutcome {
  return { state: 'Failed', errorMessage, header, successful: [], failed: [], unprocessed: rows };
}

export function processIngest(org: SalesforceOrg, job: IngestJob, actor: WriteActor): IngestOutcome {
  const text = job.data ?? '';
  let table: string[][];
  try {
    table = parseCsv(text, job);
  } catch (error) {
    return failedJob(`ClientInputError : ${error instanceof Error ? error.message : String(error)}`, [], []);
  }
  const [header = [], ...rows] = table;
  const lineEnding = lineEndingProblem(text, job.lineEnding);
  if (lineEnding) return failedJob(lineEnding, header, rows);
  if (header.length === 0) return failedJob('InvalidBatch : Empty CSV data', header, rows);

  const object = org.schema.require(job.object);
  const columns: (FieldDefinition | 'Id')[] = [];
  for (const name of header) {
    if (name.trim().toLowerCase() === 'id') columns.push('Id');
    else {
      const field = object.field(name.trim());
      if (!field) return failedJob(`InvalidBatch : Field name not found : ${name}`, header, rows);
      columns.push(field);
    }
  }
  const externalId = job.externalIdFieldName ? object.field(job.externalIdFieldName) : undefined;

  const outcome: IngestOutcome = { state: 'JobComplete', errorMessage: null, header, successful: [], failed: [], unprocessed: [] };
  const tx = org.begin(actor);
  for (const row of rows) {
    let rowId: string | null = null;
    const fields: [FieldDefinition, unknown][] = [];
    for (const [i, column] of columns.entries()) {
      const cell = row[i] ?? '';
      if (cell === '') continue;
      if (column === 'Id') rowId = cell;
      else fields.push([column, cell]);
    }
    let result: SaveOutcome;
    switch (job.operation) {
      case 'insert':
        result = rowId === null ? tx.create(object, fields, 'csv') : { success: false, id: null, created: false, errors: [{ statusCode: 'INVALID_FIELD', message: 'cannot specify Id in an insert call', fields: [] }] };
        break;
      case 'update':
        result = rowId === null ? missingId('update') : tx.update(object, rowId, fields, 'csv');
        break;
      case 'upsert':
        result = externalId ? tx.upsert(object, externalId, fields, 'csv') : missingId('upsert');
        break;
      case 'delete':
      case 'hardDelete': {
        const normalized = rowId === null ? null : toId18(rowId);
        result = rowId === null ? missingId('delete') : normalized && keyPrefixOf(normalized) !== object.keyPrefix ? wrongObject(rowId, object.label) : tx.delete(rowId);
        break;
      }
    }
    if (result.success) outcome.successful.push([result.id, String(result.created), ...row]);
    else outcome.failed.push([result.id ?? rowId ?? '', bulkErrorText(result.errors), ...row]);
  }
  tx.commit();
  return outcome;
}

function missingId(operation: string): SaveOutcome {
  return { success: false, id: null, created: false, errors: [{ statusCode: 'MISSING_ARGUMENT', message: `Id not specified in an ${operation} call`, fields: [] }] };
}

function wrongObject(id: string, label: string): SaveOutcome {
  return { success: false, id, created: false, errors: [{ statusCode: 'MALFORMED_ID', message: `${label} ID: id value of incorrect type: ${id}`, fields: ['Id'] }] };
}
