import { LightningElement, api } from 'lwc';
import logTouch from '@salesforce/apex/VipCareCardController.logTouch';
import LOCALE from '@salesforce/i18n/locale';
import { runCardAction } from 'c/vipCareActions';
import { LABELS } from 'c/vipCareLabels';
import { TOUCH_KINDS, createEntryKey, reportField, summaryProblem } from 'c/vipCareForms';

const KIND_LABELS = {
    call: LABELS.touchCall,
    meeting: LABELS.touchMeeting,
    email: LABELS.touchEmail,
    message: LABELS.touchMessage,
    visit: LABELS.touchVisit,
    other: LABELS.touchOther
};

/** Records a call, meeting, visit... with the customer. */
export default class VipCareTouchForm extends LightningElement {
    @api recordId;
    @api objectApiName;

    labels = LABELS;
    kind = 'call';
    summary = '';
    pending = false;
    entryKey = createEntryKey();

    get kindOptions() {
        return TOUCH_KINDS.map((value) => ({ value, label: KIND_LABELS[value] }));
    }

    get savingText() {
        return this.pending ? LABELS.saving : '';
    }

    handleKindChange(event) {
        this.kind = event.detail.value;
        this.entryKey.reset();
    }

    handleSummaryChange(event) {
        this.summary = event.detail.value ?? '';
        this.entryKey.reset();
        if (!summaryProblem(this.summary)) {
            reportField(event.target, '');
        }
    }

    async handleSubmit() {
        if (this.pending) {
            return;
        }
        const field = this.template.querySelector('[data-id="touch-summary"]');
        if (!reportField(field, summaryProblem(this.summary))) {
            field?.focus();
            return;
        }
        this.pending = true;
        const view = await runCardAction(this, {
            call: () =>
                logTouch({
                    recordId: this.recordId,
                    objectApiName: this.objectApiName,
                    kind: this.kind,
                    summary: this.summary.trim(),
                    requestKey: this.entryKey.take(),
                    locale: LOCALE
                }),
            success: LABELS.touchSuccess,
            failure: LABELS.touchFailed
        });
        this.pending = false;
        if (view) {
            this.entryKey.reset();
            this.kind = 'call';
            this.summary = '';
        }
    }
}
