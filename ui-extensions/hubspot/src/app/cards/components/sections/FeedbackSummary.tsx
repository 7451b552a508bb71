import { DescriptionList, DescriptionListItem, Flex, Heading, Text } from '@hubspot/ui-extensions';
import { formatInstantDate } from '../../format/dates';
import { useI18n } from '../../i18n/I18nContext';
import type { VipCardView } from '../../types/vip-card-view';

/** The latest NPS and CSAT answers, with when they were given. */
export function FeedbackSummary({ feedback }: { feedback: VipCardView['feedback'] }) {
  const { t, formatLocale, timeZone } = useI18n();
  const answered = (at: string) => t('feedback.answered', { date: formatInstantDate(at, formatLocale, timeZone) });
  return (
    <Flex direction="column" gap="xs" testId="vip-feedback">
      <Heading>{t('feedback.heading')}</Heading>
      <DescriptionList direction="row">
        <DescriptionListItem label={t('feedback.nps')}>
          <Text testId="vip-nps">
            {feedback.nps
              ? [String(feedback.nps.score), t(`feedback.category.${feedback.nps.category}`), answered(feedback.nps.at)].join(' · ')
              : t('feedback.none')}
          </Text>
        </DescriptionListItem>
        <DescriptionListItem label={t('feedback.csat')}>
          <Text testId="vip-csat">
            {feedback.csat ? [t('feedback.csatOutOf', { score: feedback.csat.score }), answered(feedback.csat.at)].join(' · ') : t('feedback.none')}
          </Text>
        </DescriptionListItem>
      </DescriptionList>
    </Flex>
  );
}
