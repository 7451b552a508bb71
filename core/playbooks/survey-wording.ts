/** Default wording of survey invitations from the catalogs; the signed answer link comes with the feedback workflows. */
import { translator } from '../i18n/index.js';
import type { SurveyWording } from './steps.js';

export const surveyWording: SurveyWording = {
  subject: (kind, locale) => translator(locale)(`care.survey.subject_${kind}`),
  body: (kind, locale, view) => translator(locale)(`care.survey.body_${kind}`, { name: view.customer.name }),
};
