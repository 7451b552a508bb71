import { EmptyState, Flex, Text } from '@hubspot/ui-extensions';
import { formatScore } from '../../format/numbers';
import { useI18n } from '../../i18n/I18nContext';
import type { Translator } from '../../i18n/translator';
import type { VipCardView } from '../../types/vip-card-view';
import { FlagList } from '../sections/FlagList';

/** Why this record has no tier: unknown to the program, not scored yet, or scored below the entry line. */
export function notVipExplanation(view: VipCardView | null, serverMessage: string | null, { t, formatLocale }: Translator): string {
  if (!view) return serverMessage ?? t('notVip.notFound');
  if (view.status === 'not_scored' || view.score === null) return t('notVip.notScored');
  return t('notVip.scored', { score: formatScore(view.score, formatLocale) });
}

export function NotVipPanel({ view, message }: { view: VipCardView | null; message: string | null }) {
  const translator = useI18n();
  return (
    <EmptyState title={translator.t('notVip.title')} imageName="customerExperience" layout="vertical" testId="not-vip">
      <Flex direction="column" gap="xs">
        <Text testId="not-vip-message">{notVipExplanation(view, message, translator)}</Text>
        {view && view.reasons.map((reason, index) => (
          <Text key={`${reason.code}-${index}`} variant="microcopy">
            {reason.text}
          </Text>
        ))}
        {view && <FlagList flags={view.flags} testId="not-vip-flags" />}
      </Flex>
    </EmptyState>
  );
}
