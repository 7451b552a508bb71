/**
 * Task titles, descriptions and messages are Mustache templates in the program file, per locale.
 * Rendered as plain text (no HTML escaping): pages, cards and e-mails encode at output time.
 */
import Mustache from 'mustache';
import { localized, resolveLocale, type Locale } from '../i18n/index.js';
import type { LocalizedText } from '../program/primitives.js';

export interface TemplateView {
  customer: { id: string; name: string };
  tier: { id: string; name: string };
  playbook: { id: string; name: string };
  trigger: { detail: string };
  task?: { due: string };
}

const plainText = { escape: (value: unknown) => String(value) };

export function renderText(text: LocalizedText, locale: Locale, view: TemplateView): string {
  return Mustache.render(localized(text, locale), view, {}, plainText);
}

/** Problems with a template, for program validation: null when it parses. */
export function templateProblem(text: LocalizedText): string | null {
  const variants = typeof text === 'string' ? [text] : Object.values(text);
  for (const variant of variants) {
    try {
      Mustache.parse(variant);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  return null;
}

export function customerLocale(customerLocale: string | null, fallback: Locale): Locale {
  return customerLocale ? resolveLocale(customerLocale) : fallback;
}
