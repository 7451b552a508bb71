import { Button, Flex, Form, LoadingButton, TextArea } from '@hubspot/ui-extensions';
import { useState } from 'react';
import { submittedText, type FormSubmitEvent } from '../../lib/form-values';
import { useI18n } from '../../i18n/I18nContext';
import { checkTaskNote } from '../../validation/card-forms';
import { NOTE_MAX } from '../../validation/limits';

interface Props {
  taskId: number;
  pending: boolean;
  onComplete: (note: string) => Promise<boolean>;
  onCancel: () => void;
}

/** Marks one care action done, with an optional note. Completing twice is harmless: the task id is the key. */
export function CompleteTaskForm({ taskId, pending, onComplete, onCancel }: Props) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const problems = checkTaskNote(note);

  const submit = async (event: FormSubmitEvent) => {
    const current = submittedText(event, 'note', note);
    setNote(current);
    setSubmitted(true);
    if (checkTaskNote(current).note) return;
    await onComplete(current);
  };

  return (
    <Form onSubmit={submit} testId={`task-${taskId}-form`}>
      <Flex direction="column" gap="xs">
        <TextArea
          name="note"
          label={t('complete.note')}
          value={note}
          onChange={setNote}
          rows={2}
          error={submitted && problems.note !== undefined}
          validationMessage={submitted && problems.note ? t('complete.noteTooLong', { max: NOTE_MAX }) : undefined}
          testId={`task-${taskId}-note`}
        />
        <Flex direction="row" gap="xs">
          <LoadingButton type="submit" variant="primary" size="sm" loading={pending} disabled={pending} testId={`task-${taskId}-submit`}>
            {t('complete.submit')}
          </LoadingButton>
          <Button type="button" variant="secondary" size="sm" onClick={onCancel} disabled={pending} testId={`task-${taskId}-cancel`}>
            {t('complete.cancel')}
          </Button>
        </Flex>
      </Flex>
    </Form>
  );
}
