/**
 * Reads a field from a form submit. HubSpot commits inputs on blur and on submit, so the submit
 * event's values are fresher than state set by onChange; state is the fallback (and what tests drive).
 */
import type { FormInputValues, FormSubmitExtensionEvent } from '@hubspot/ui-extensions';

export type FormSubmitEvent = FormSubmitExtensionEvent<FormInputValues> | undefined;

export function submittedText(event: FormSubmitEvent, name: string, fallback: string): string {
  const value = event?.targetValue?.[name];
  return typeof value === 'string' ? value : fallback;
}

export function submittedNumber(event: FormSubmitEvent, name: string, fallback: number | null): number | null {
  const value = event?.targetValue?.[name];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return fallback;
}
