import { Button, Flex, Tag, Text, Tile } from '@hubspot/ui-extensions';
import { useState } from 'react';
import { formatDateTime } from '../../format/dates';
import { useI18n } from '../../i18n/I18nContext';
import type { CardTask } from '../../types/vip-card-view';
import { CompleteTaskForm } from '../forms/CompleteTaskForm';

const PRIORITY_VARIANT = { low: 'default', normal: 'default', high: 'warning', urgent: 'error' } as const;

interface Props {
  task: CardTask;
  pending: boolean;
  onComplete: (taskId: number, note: string) => Promise<boolean>;
}

/** One care action: title, due time (overdue in red, and said in words), owner, and a way to complete it. */
export function TaskItem({ task, pending, onComplete }: Props) {
  const { t, formatLocale, timeZone } = useI18n();
  const [completing, setCompleting] = useState(false);
  const owner = task.ownerName ? t('tasks.owner', { name: task.ownerName }) : t('tasks.unassigned');
  return (
    <Tile compact testId={`task-${task.id}`}>
      <Flex direction="column" gap="xs">
        <Flex direction="row" gap="xs" align="center" wrap>
          <Text format={{ fontWeight: 'demibold' }}>{task.title}</Text>
          {task.overdue && (
            <Tag variant="error" testId={`task-${task.id}-overdue`}>
              {t('tasks.overdue')}
            </Tag>
          )}
          <Tag variant={PRIORITY_VARIANT[task.priority]}>{t(`tasks.priority.${task.priority}`)}</Tag>
        </Flex>
        <Text variant="microcopy" testId={`task-${task.id}-due`}>
          {t('tasks.due', { date: formatDateTime(task.dueAt, formatLocale, timeZone) })} · {owner}
        </Text>
        {completing ? (
          <CompleteTaskForm
            taskId={task.id}
            pending={pending}
            onComplete={async (note) => {
              const done = await onComplete(task.id, note);
              if (done) setCompleting(false);
              return done;
            }}
            onCancel={() => setCompleting(false)}
          />
        ) : (
          <Button size="sm" variant="secondary" onClick={() => setCompleting(true)} disabled={pending} testId={`task-${task.id}-complete`}>
            {t('tasks.complete')}
          </Button>
        )}
      </Flex>
    </Tile>
  );
}
