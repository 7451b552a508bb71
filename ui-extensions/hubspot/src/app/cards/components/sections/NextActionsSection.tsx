import { Flex, Heading, Text } from '@hubspot/ui-extensions';
import { useI18n } from '../../i18n/I18nContext';
import type { VipCardView } from '../../types/vip-card-view';
import type { CardActions } from '../../hooks/useCardActions';
import { TaskItem } from './TaskItem';

/** The next care actions due, soonest first as the server sorted them, and how many are open in all. */
export function NextActionsSection({ view, actions }: { view: VipCardView; actions: CardActions }) {
  const { t, plural } = useI18n();
  return (
    <Flex direction="column" gap="xs" testId="vip-next-actions">
      <Heading>{t('tasks.heading')}</Heading>
      {view.nextActions.length === 0 && <Text variant="microcopy">{t('tasks.empty')}</Text>}
      {view.nextActions.map((task) => (
        <TaskItem key={task.id} task={task} pending={actions.pending.completeTask} onComplete={actions.completeTask} />
      ))}
      {view.openTasks > view.nextActions.length && (
        <Text variant="microcopy" testId="vip-open-tasks">
          {plural('tasks.more', view.openTasks)}
        </Text>
      )}
    </Flex>
  );
}
