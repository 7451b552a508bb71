import { Flex, ScoreCircle, Tag, Text } from '@hubspot/ui-extensions';
import { formatDay } from '../../format/dates';
import { formatScore } from '../../format/numbers';
import { useI18n } from '../../i18n/I18nContext';
import type { VipCardView } from '../../types/vip-card-view';

type Tier = NonNullable<VipCardView['tier']>;

/** Tier and score side by side; the score is also written out, since the circle alone is not read aloud. */
export function TierSummary({ tier, score }: { tier: Tier; score: number | null }) {
  const { t, formatLocale } = useI18n();
  return (
    <Flex direction="row" gap="md" align="center" wrap>
      {score !== null && <ScoreCircle score={Math.min(100, Math.max(0, Math.round(score)))} testId="vip-score-circle" />}
      <Flex direction="column" gap="xs">
        <Text variant="microcopy">{t('tier.label')}</Text>
        <Tag variant="success" testId="vip-tier">
          {tier.label}
        </Tag>
        <Text variant="microcopy" testId="vip-tier-details">
          {[t('tier.rank', { rank: tier.rank, of: tier.of }), t('tier.since', { date: formatDay(tier.since, formatLocale) }), t(`tier.source.${tier.source}`)].join(' · ')}
        </Text>
        {score !== null && (
          <Text testId="vip-score">
            {t('score.line', { score: formatScore(score, formatLocale) })}
          </Text>
        )}
      </Flex>
    </Flex>
  );
}
