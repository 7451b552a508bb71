import { Flex, Form, LoadingButton, NumberInput, Select, TextArea } from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { CardActions } from '../../hooks/useCardActions';
import { useRequestKey } from '../../hooks/useRequestKey';
import { useI18n } from '../../i18n/I18nContext';
import { submittedNumber, submittedText, type FormSubmitEvent } from '../../lib/form-values';
import { FEEDBACK_KINDS, type FeedbackKind } from '../../types/card-actions';
import { checkFeedback } from '../../validation/card-forms';
import { COMMENT_MAX, SCORE_RANGES } from '../../validation/limits';

const isFeedbackKind = (value: unknown): value is FeedbackKind => (FEEDBACK_KINDS as readonly unknown[]).includes(value);

/** Records an NPS, CSAT or CES answer the customer gave by phone or in person. */
export function RecordFeedbackForm({ actions }: { actions: CardActions }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<FeedbackKind>('nps');
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [submitted, setSubmitted] = useState(false);
  // A cleared NumberInput cannot be told "no value" through `value`; a fresh form after a save can.
  const [generation, setGeneration] = useState(0);
  const requestKey = useRequestKey();
  const range = SCORE_RANGES[kind];
  const problems = checkFeedback(kind, score, comment);
  const pending = actions.pending.recordFeedback;

  const changeKind = (value: string | number | boolean) => {
    if (!isFeedbackKind(value) || value === kind) return;
    requestKey.reset();
    setKind(value);
  };
  const changeScore = (value: number) => {
    const next = Number.isFinite(value) ? value : null;
    if (next === score) return;
    requestKey.reset();
    setScore(next);
  };
  const changeComment = (value: string) => {
    if (value === comment) return;
    requestKey.reset();
    setComment(value);
  };

  const submit = async (event: FormSubmitEvent) => {
    const entered = submittedText(event, 'kind', kind);
    const currentKind = isFeedbackKind(entered) ? entered : kind;
    const currentScore = submittedNumber(event, 'score', score);
    const currentComment = submittedText(event, 'comment', comment);
    if (currentKind !== kind || currentScore !== score || currentComment !== comment) requestKey.reset();
    setKind(currentKind);
    setScore(currentScore);
    setComment(currentComment);
    setSubmitted(true);
    const found = checkFeedback(currentKind, currentScore, currentComment);
    if (found.score || found.comment || currentScore === null) return;
    const done = await actions.recordFeedback({ kind: currentKind, score: currentScore, comment: currentComment, requestKey: requestKey.take() });
    if (done) {
      requestKey.reset();
      setScore(null);
      setComment('');
      setSubmitted(false);
      setGeneration((n) => n + 1);
    }
  };

  const scoreMessage =
    problems.score === 'required' ? t('survey.scoreRequired') : problems.score ? t('survey.scoreRange', { min: range.min, max: range.max }) : undefined;
  const commentMessage = problems.comment ? t('survey.commentTooLong', { max: COMMENT_MAX }) : undefined;
  return (
    <Form key={generation} onSubmit={submit} testId="feedback-form">
      <Flex direction="column" gap="sm">
        <Select
          name="kind"
          label={t('survey.kind')}
          required
          value={kind}
          onChange={changeKind}
          options={FEEDBACK_KINDS.map((value) => ({ value, label: t(`survey.kind.${value}`) }))}
          testId="feedback-kind"
        />
        <NumberInput
          name="score"
          label={t('survey.score')}
          description={t('survey.scoreHelp', { min: range.min, max: range.max })}
          required
          min={range.min}
          max={range.max}
          precision={0}
          value={score ?? undefined}
          onChange={changeScore}
          error={submitted && scoreMessage !== undefined}
          validationMessage={submitted ? scoreMessage : undefined}
          testId="feedback-score"
        />
        <TextArea
          name="comment"
          label={t('survey.comment')}
          value={comment}
          onChange={changeComment}
          rows={3}
          error={submitted && commentMessage !== undefined}
          validationMessage={submitted ? commentMessage : undefined}
          testId="feedback-comment"
        />
        <LoadingButton type="submit" variant="primary" loading={pending} disabled={pending} testId="feedback-submit">
          {t('survey.submit')}
        </LoadingButton>
      </Flex>
    </Form>
  );
}
