import { LightningElement, api } from 'lwc';
import recordFeedback from '@salesforce/apex/VipCareCardController.recordFeedback';
import LOCALE from '@salesforce/i18n/locale';
import { runCardAction } from 'c/vipCareActions';
import { LABELS, formatLabel } from 'c/vipCareLabels';
import { FEEDBACK_KINDS, SCORE_RANGES, commentProblem, createEntryKey, parseScore, reportField, scoreProblem } from 'c/vipCareForms';

const KIND_LABELS = { nps: LABELS.surveyNps, csat: LABELS.surveyCsat, ces: LABELS.surveyCes };

/** Records an NPS, CSAT or CES answer the customer gave by phone or in person. */
export default class VipCareFeedbackForm extends LightningElement {
    @api recordId;
    @api objectApiName;

    labels = LABELS;
    kind = 'nps';
    score = '';
    comment = '';
    pending = false;
    entryKey = createEntryKey();

    get kindOptions() {
        return FEEDBACK_KINDS.map((value) => ({ value, label: KIND_LABELS[value] }));
    }

    get range() {
        return SCORE_RANGES[this.kind];
    }

    get scoreLabel() {
        return formatLabel(LABELS.scoreField, this.range.min, this.range.max);
    }

    get savingText() {
        return this.pending ? LABELS.saving : '';
    }

    handleKindChange(event) {
        this.kind = event.detail.value;
        this.entryKey.reset();
        // The allowed range changed: a message about the old one would mislead.
        reportField(this.template.querySelector('[data-id="feedback-score"]'), '');
    }

    handleScoreChange(event) {
        this.score = event.detail.value ?? '';
        this.entryKey.reset();
        if (!scoreProblem(this.kind, this.score)) {
            reportField(event.target, '');
        }
    }

    handleCommentChange(event) {
        this.comment = event.detail.value ?? '';
        this.entryKey.reset();
        if (!commentProblem(this.comment)) {
            reportField(event.target, '');
        }
    }

    async handleSubmit() {
        if (this.pending) {
            return;
        }
        const scoreField = this.template.querySelector('[data-id="feedback-score"]');
        const commentField = this.template.querySelector('[data-id="feedback-comment"]');
        const scoreOk = reportField(scoreField, scoreProblem(this.kind, this.score));
        const commentOk = reportField(commentField, commentProblem(this.comment));
        if (!scoreOk || !commentOk) {
            (scoreOk ? commentField : scoreField)?.focus();
            return;
        }
        this.pending = true;
        const comment = this.comment.trim();
        const view = await runCardAction(this, {
            call: () =>
                recordFeedback({
                    recordId: this.recordId,
                    objectApiName: this.objectApiName,
                    kind: this.kind,
                    score: parseScore(this.score),
                    comment: comment || null,
                    requestKey: this.entryKey.take(),
                    locale: LOCALE
                }),
            success: LABELS.surveySuccess,
            failure: LABELS.surveyFailed
        });
        this.pending = false;
        if (view) {
            this.entryKey.reset();
            this.score = '';
            this.comment = '';
        }
    }
}
