import { Flex, Heading, List, Text } from '@hubspot/ui-extensions';
import { formatScore } from '../../format/numbers';
import { useI18n } from '../../i18n/I18nContext';
import type { VipCardView } from '../../types/vip-card-view';

/** Why the customer has this tier: the server's reasons, then the measures that added most points. */
export function ReasonsSection({ reasons, contributions }: { reasons: VipCardView['reasons']; contributions: VipCardView['topContributions'] }) {
  const { t, formatLocale } = useI18n();
  return (
    <Flex direction="column" gap="xs" testId="vip-reasons">
      <Heading>{t('reasons.heading')}</Heading>
      {reasons.length === 0 ? (
        <Text variant="microcopy">{t('reasons.empty')}</Text>
      ) : (
        <List variant="unordered-styled">
          {reasons.map((reason, index) => (
            <Text key={`${reason.code}-${index}`}>{reason.text}</Text>
          ))}
        </List>
      )}
      {contributions.length > 0 && (
        <Flex direction="column" gap="xs" testId="vip-contributions">
          <Text format={{ fontWeight: 'demibold' }}>{t('contributions.heading')}</Text>
          <List variant="unordered">
            {contributions.map((c) => (
              <Text key={c.measure}>{t('contributions.line', { label: c.label, points: formatScore(c.points, formatLocale) })}</Text>
            ))}
          </List>
        </Flex>
      )}
    </Flex>
  );
}
