import { Flex, Tag, Text } from '@hubspot/ui-extensions';
import { formatDateTime } from '../format/dates';
import { formatScore } from '../format/numbers';
import { useI18n } from '../i18n/I18nContext';
import type { VipCardView } from '../types/vip-card-view';

/** The sidebar's glance at a VIP: tier, score, the main reason, the next action, open complaints. */
export function SidebarSummary({ view }: { view: VipCardView }) {
  const { t, plural, formatLocale, timeZone } = useI18n();
  const reason = view.reasons[0];
  const next = view.nextActions[0];
  return (
    <Flex direction="column" gap="xs" testId="sidebar-summary">
      <Flex direction="row" gap="xs" align="center" wrap>
        {view.tier && (
          <Tag variant="success" testId="sidebar-tier">
            {view.tier.label}
          </Tag>
        )}
        {view.score !== null && <Text testId="sidebar-score">{t('sidebar.score', { score: formatScore(view.score, formatLocale) })}</Text>}
      </Flex>
      {reason && (
        <Text variant="microcopy" testId="sidebar-reason">
          {reason.text}
        </Text>
      )}
      {next ? (
        <Flex direction="row" gap="xs" align="center" wrap testId="sidebar-next">
          <Text>{t('sidebar.next', { title: next.title })}</Text>
          {next.overdue && <Tag variant="error">{t('tasks.overdue')}</Tag>}
          <Text variant="microcopy">{t('tasks.due', { date: formatDateTime(next.dueAt, formatLocale, timeZone) })}</Text>
        </Flex>
      ) : (
        <Text variant="microcopy" testId="sidebar-next-none">
          {t('sidebar.noNext')}
        </Text>
      )}
      <Text testId="sidebar-complaints">{view.openComplaints > 0 ? plural('sidebar.complaints', view.openComplaints) : t('sidebar.noComplaints')}</Text>
    </Flex>
  );
}
