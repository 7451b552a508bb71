import { Accordion, Divider, Flex } from '@hubspot/ui-extensions';
import type { CardActions } from '../hooks/useCardActions';
import { useI18n } from '../i18n/I18nContext';
import type { VipCardView } from '../types/vip-card-view';
import { LogTouchForm } from './forms/LogTouchForm';
import { RecordFeedbackForm } from './forms/RecordFeedbackForm';
import { ComplaintsSection } from './sections/ComplaintsSection';
import { FeedbackSummary } from './sections/FeedbackSummary';
import { NextActionsSection } from './sections/NextActionsSection';

/** What the customer is owed and what the rep can do about it, for VIPs and not-yet-VIPs alike. */
export function CareActivity({ view, actions }: { view: VipCardView; actions: CardActions }) {
  const { t } = useI18n();
  return (
    <Flex direction="column" gap="md">
      <NextActionsSection view={view} actions={actions} />
      <ComplaintsSection view={view} />
      <FeedbackSummary feedback={view.feedback} />
      <Divider />
      <Accordion title={t('touch.heading')} size="sm">
        <LogTouchForm actions={actions} />
      </Accordion>
      <Accordion title={t('survey.heading')} size="sm">
        <RecordFeedbackForm actions={actions} />
      </Accordion>
    </Flex>
  );
}
