import { Flex, Heading, StatusTag, Tag, Text, Tile } from '@hubspot/ui-extensions';
import { describeSla } from '../../format/durations';
import { useI18n } from '../../i18n/I18nContext';
import type { VipCardView } from '../../types/vip-card-view';

const PRIORITY_VARIANT = { low: 'default', normal: 'default', high: 'warning', critical: 'error' } as const;

/** Open complaints with the SLA clock that runs now, in words and colour. */
export function ComplaintsSection({ view }: { view: VipCardView }) {
  const translator = useI18n();
  const { t, plural } = translator;
  return (
    <Flex direction="column" gap="xs" testId="vip-complaints">
      <Heading>{t('complaints.heading')}</Heading>
      {view.complaints.length === 0 && <Text variant="microcopy">{t('complaints.empty')}</Text>}
      {view.complaints.map((complaint) => {
        const sla = describeSla(complaint, translator);
        return (
          <Tile compact key={complaint.id} testId={`complaint-${complaint.id}`}>
            <Flex direction="column" gap="xs">
              <Flex direction="row" gap="xs" align="center" wrap>
                <Text format={{ fontWeight: 'demibold' }}>{complaint.subject}</Text>
                <Tag variant={PRIORITY_VARIANT[complaint.priority]}>{t(`complaints.priority.${complaint.priority}`)}</Tag>
                <Text variant="microcopy">{t(`complaints.status.${complaint.status}`)}</Text>
              </Flex>
              <StatusTag variant={sla.tone} testId={`complaint-${complaint.id}-sla`}>
                {t('complaints.clockLine', { clock: t(`complaints.clock.${complaint.clock.kind}`), sla: sla.text })}
              </StatusTag>
            </Flex>
          </Tile>
        );
      })}
      {view.openComplaints > view.complaints.length && (
        <Text variant="microcopy" testId="vip-open-complaints">
          {plural('complaints.more', view.openComplaints)}
        </Text>
      )}
    </Flex>
  );
}
