import { Flex, Heading, Statistics, StatisticsItem } from '@hubspot/ui-extensions';
import { formatCurrency, formatPercent } from '../../format/numbers';
import { useI18n } from '../../i18n/I18nContext';
import type { VipCardView } from '../../types/vip-card-view';

type Prediction = NonNullable<VipCardView['prediction']>;

/** Predicted value in the program's currency and the chance the customer stops buying. */
export function PredictionSection({ prediction }: { prediction: Prediction }) {
  const { t, formatLocale } = useI18n();
  const value = prediction.predictedValue === null ? t('prediction.unknown') : formatCurrency(prediction.predictedValue, prediction.currency, formatLocale);
  const churn = prediction.churnRisk === null ? t('prediction.unknown') : formatPercent(prediction.churnRisk, formatLocale);
  return (
    <Flex direction="column" gap="xs" testId="vip-prediction">
      <Heading>{t('prediction.heading')}</Heading>
      <Statistics>
        <StatisticsItem label={t('prediction.value')} number={value} testId="vip-predicted-value" />
        <StatisticsItem label={t('prediction.churn')} number={churn} testId="vip-churn-risk" />
      </Statistics>
    </Flex>
  );
}
