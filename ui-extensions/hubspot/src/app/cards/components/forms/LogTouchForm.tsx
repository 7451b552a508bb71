import { Flex, Form, LoadingButton, Select, TextArea } from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { CardActions } from '../../hooks/useCardActions';
import { useRequestKey } from '../../hooks/useRequestKey';
import { useI18n } from '../../i18n/I18nContext';
import { submittedText, type FormSubmitEvent } from '../../lib/form-values';
import { TOUCH_KINDS, type TouchKind } from '../../types/card-actions';
import { checkTouch } from '../../validation/card-forms';
import { SUMMARY_MAX } from '../../validation/limits';

const isTouchKind = (value: unknown): value is TouchKind => (TOUCH_KINDS as readonly unknown[]).includes(value);

/** Records a call, meeting, visit... with the customer. */
export function LogTouchForm({ actions }: { actions: CardActions }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<TouchKind>('call');
  const [summary, setSummary] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const requestKey = useRequestKey();
  const problem = checkTouch(summary).summary;
  const pending = actions.pending.logTouch;

  const changeKind = (value: string | number | boolean) => {
    if (!isTouchKind(value) || value === kind) return;
    requestKey.reset();
    setKind(value);
  };
  const changeSummary = (value: string) => {
    if (value === summary) return;
    requestKey.reset();
    setSummary(value);
  };

  const submit = async (event: FormSubmitEvent) => {
    const entered = submittedText(event, 'kind', kind);
    const currentKind = isTouchKind(entered) ? entered : kind;
    const currentSummary = submittedText(event, 'summary', summary);
    if (currentKind !== kind || currentSummary !== summary) requestKey.reset();
    setKind(currentKind);
    setSummary(currentSummary);
    setSubmitted(true);
    if (checkTouch(currentSummary).summary) return;
    const done = await actions.logTouch({ kind: currentKind, summary: currentSummary, requestKey: requestKey.take() });
    if (done) {
      requestKey.reset();
      setKind('call');
      setSummary('');
      setSubmitted(false);
    }
  };

  const message = problem === 'required' ? t('touch.summaryRequired') : problem ? t('touch.summaryTooLong', { max: SUMMARY_MAX }) : undefined;
  return (
    <Form onSubmit={submit} testId="touch-form">
      <Flex direction="column" gap="sm">
        <Select
          name="kind"
          label={t('touch.kind')}
          required
          value={kind}
          onChange={changeKind}
          options={TOUCH_KINDS.map((value) => ({ value, label: t(`touch.kind.${value}`) }))}
          testId="touch-kind"
        />
        <TextArea
          name="summary"
          label={t('touch.summary')}
          required
          value={summary}
          onChange={changeSummary}
          rows={3}
          error={submitted && message !== undefined}
          validationMessage={submitted ? message : undefined}
          testId="touch-summary"
        />
        <LoadingButton type="submit" variant="primary" loading={pending} disabled={pending} testId="touch-submit">
          {t('touch.submit')}
        </LoadingButton>
      </Flex>
    </Form>
  );
}
