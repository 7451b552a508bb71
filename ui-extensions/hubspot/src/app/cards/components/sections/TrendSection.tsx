import { Flex, Heading, LineChart, Statistics, StatisticsItem, StatisticsTrend, Text } from '@hubspot/ui-extensions';
import { formatDay } from '../../format/dates';
import { formatScore, formatSignedPoints } from '../../format/numbers';
import { useI18n } from '../../i18n/I18nContext';
import type { VipCardView } from '../../types/vip-card-view';

type Trend = NonNullable<VipCardView['trend']>;

/** The score against the previous scoring run, with a small history chart when there is one. */
export function TrendSection({ trend, score }: { trend: Trend; score: number }) {
  const { t, formatLocale } = useI18n();
  const since = formatDay(trend.comparedWith, formatLocale);
  return (
    <Flex direction="column" gap="xs" testId="vip-trend">
      <Heading>{t('trend.heading')}</Heading>
      <Statistics>
        <StatisticsItem label={t('score.label')} number={formatScore(score, formatLocale)}>
          {trend.direction !== 'flat' && (
            <StatisticsTrend
              direction={trend.direction === 'up' ? 'increase' : 'decrease'}
              color={trend.direction === 'up' ? 'green' : 'red'}
              value={formatSignedPoints(trend.delta, formatLocale)}
            />
          )}
          <Text variant="microcopy">{trend.direction === 'flat' ? t('trend.flat', { date: since }) : t('trend.comparedWith', { date: since })}</Text>
        </StatisticsItem>
      </Statistics>
      {trend.history.length >= 2 && (
        <LineChart
          testId="vip-trend-chart"
          data={trend.history.map((point) => ({ date: formatDay(point.asOf, formatLocale), score: point.score }))}
          axes={{
            x: { field: 'date', fieldType: 'category', label: t('trend.axisDate') },
            y: { field: 'score', fieldType: 'linear', label: t('trend.axisScore') },
          }}
          options={{ title: t('trend.chartTitle'), showTooltips: true }}
        />
      )}
    </Flex>
  );
}
