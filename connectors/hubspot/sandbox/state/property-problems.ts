/**
 * Invalid property values, and the two ways HubSpot reports them: a 400 for a single write, and a
 * StandardError per failed input inside a 207 batch answer. The message embeds the same list as
 * JSON, as HubSpot's does ("Property values were not valid: [{...}]").
 */
import { batchInputError, validationError, type BatchInputError, type HubspotApiError } from '../errors.js';

export interface PropertyProblem {
  name: string;
  code: string;
  message: string;
  value: string;
}

function message(problems: readonly PropertyProblem[], portalId: number): string {
  const list = problems.map((p) => ({ isValid: false, message: p.message, error: p.code, name: p.name, localizedErrorMessage: p.message, propertyValue: p.value, portalId }));
  return `Property values were not valid: ${JSON.stringify(list)}`;
}

const details = (problems: readonly PropertyProblem[]) => problems.map((p) => ({ message: p.message, code: p.code, context: { propertyName: [p.name] } }));

export function propertyProblemsError(problems: readonly PropertyProblem[], portalId: number): HubspotApiError {
  return validationError(message(problems, portalId), details(problems));
}

export function propertyProblemsInputError(problems: readonly PropertyProblem[], portalId: number, context: Record<string, string[]>): BatchInputError {
  return batchInputError('VALIDATION_ERROR', message(problems, portalId), { ...context, propertyName: problems.map((p) => p.name) }, details(problems));
}
