import { Flex, Tag, Text } from '@hubspot/ui-extensions';
import { useI18n } from '../../i18n/I18nContext';
import type { VipCardView } from '../../types/vip-card-view';

/** At-risk and potential-VIP flags: a tag that names the flag, and the server's explanation. */
export function FlagList({ flags, testId }: { flags: VipCardView['flags']; testId: string }) {
  const { t } = useI18n();
  if (flags.length === 0) return null;
  return (
    <Flex direction="column" gap="xs" testId={testId}>
      {flags.map((flag, index) => (
        <Flex key={`${flag.code}-${index}`} direction="row" gap="xs" align="center" wrap>
          <Tag variant={flag.code === 'at_risk' ? 'warning' : 'info'}>{t(`flags.${flag.code}`)}</Tag>
          <Text>{flag.text}</Text>
        </Flex>
      ))}
    </Flex>
  );
}
