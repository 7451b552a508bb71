/**
 * The words of a survey in one locale: the program file's wording where it has some, the
 * product's catalogs otherwise. The same text serves the invitation and the answer page.
 */
import { localized, translator, type Locale } from '../i18n/index.js';
import type { LocalizedText } from '../program/primitives.js';
import { renderText, type TemplateView } from '../playbooks/templates.js';
import type { SurveyWording } from '../playbooks/steps.js';
import type { SurveyKind, SurveySettings } from './schema.js';

export interface SurveyText {
  question: string;
  lowLabel: string;
  highLabel: string;
  commentPrompt: string;
  subject: string;
  /** Invitation body without the link (the sender appends it on a line of its own). */
  invitation: string;
  thanks: string;
}

export function surveyText(settings: SurveySettings, kind: SurveyKind, locale: Locale, view: Pick<TemplateView, 'customer'>): SurveyText {
  const t = translator(locale);
  const own = settings.wording[kind] ?? {};
  const pick = (text: LocalizedText | undefined, fallback: string) => (text === undefined ? fallback : localized(text, locale));
  const name = view.customer.name;
  const fullView = { name, customer: view.customer, tier: { id: '', name: '' }, playbook: { id: '', name: '' }, trigger: { detail: '' } };
  return {
    question: pick(own.question, t(`feedback.survey.question_${kind}`)),
    lowLabel: pick(own.lowLabel, t(`feedback.survey.low_${kind}`)),
    highLabel: pick(own.highLabel, t(`feedback.survey.high_${kind}`)),
    commentPrompt: pick(own.commentPrompt, t('feedback.survey.comment')),
    subject: own.subject === undefined ? t(`care.survey.subject_${kind}`) : renderText(own.subject, locale, fullView),
    invitation: own.invitation === undefined ? t(`care.survey.body_${kind}`, { name }) : renderText(own.invitation, locale, fullView),
    thanks: own.thanks === undefined ? t('feedback.survey.thanks', { name }) : renderText(own.thanks, locale, fullView),
  };
}

/** Invitation wording for playbook survey steps, from the program's survey settings. */
export function surveyWordingFor(program: { feedback: { surveys: SurveySettings } }): SurveyWording {
  const settings = program.feedback.surveys;
  return {
    subject: (kind, locale) => surveyText(settings, kind, locale, { customer: { id: '', name: '' } }).subject,
    body: (kind, locale, view) => surveyText(settings, kind, locale, view).invitation,
  };
}
