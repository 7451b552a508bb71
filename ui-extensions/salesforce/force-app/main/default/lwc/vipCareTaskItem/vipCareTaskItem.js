import { LightningElement, api } from 'lwc';
import completeTask from '@salesforce/apex/VipCareCardController.completeTask';
import LOCALE from '@salesforce/i18n/locale';
import { runCardAction } from 'c/vipCareActions';
import { LABELS, formatLabel } from 'c/vipCareLabels';
import { noteProblem, reportField } from 'c/vipCareForms';

const PRIORITIES = {
    low: { label: LABELS.priorityLow, badge: '' },
    normal: { label: LABELS.priorityNormal, badge: '' },
    high: { label: LABELS.priorityHigh, badge: 'slds-theme_warning' },
    urgent: { label: LABELS.priorityUrgent, badge: 'slds-theme_error' }
};

/** One care action: title, due time (overdue said in words), owner, and completing it with an optional note. */
export default class VipCareTaskItem extends LightningElement {
    @api task;
    @api recordId;
    @api objectApiName;

    labels = LABELS;
    completing = false;
    note = '';
    pending = false;
    focusOnRender = null;

    /** A task that fell due since the (possibly cached) view was built is overdue now too. */
    get isOverdue() {
        return Boolean(this.task?.overdue) || Date.parse(this.task?.dueAt) < Date.now();
    }

    get priority() {
        return PRIORITIES[this.task?.priority] ?? PRIORITIES.normal;
    }

    get priorityClass() {
        return `slds-m-right_x-small ${this.priority.badge}`.trim();
    }

    get ownerText() {
        return this.task?.ownerName || LABELS.unassigned;
    }

    get savingText() {
        return this.pending ? LABELS.saving : '';
    }

    get completeName() {
        return formatLabel(LABELS.completeTaskFor, this.task?.title ?? '');
    }

    renderedCallback() {
        // Opening the form moves the focus into it, and closing it brings the focus back.
        if (this.focusOnRender) {
            this.template.querySelector(`[data-id="${this.focusOnRender}"]`)?.focus();
            this.focusOnRender = null;
        }
    }

    handleOpen() {
        this.completing = true;
        this.focusOnRender = 'note';
    }

    handleCancel() {
        this.completing = false;
        this.note = '';
        this.focusOnRender = 'complete';
    }

    handleNoteChange(event) {
        this.note = event.detail.value ?? '';
        if (!noteProblem(this.note)) {
            reportField(event.target, '');
        }
    }

    async handleSubmit() {
        if (this.pending) {
            return;
        }
        const field = this.template.querySelector('[data-id="note"]');
        if (!reportField(field, noteProblem(this.note))) {
            field?.focus();
            return;
        }
        this.pending = true;
        const trimmed = this.note.trim();
        const view = await runCardAction(this, {
            call: () => completeTask({ recordId: this.recordId, objectApiName: this.objectApiName, taskId: this.task.id, note: trimmed || null, locale: LOCALE }),
            success: LABELS.completeSuccess,
            failure: LABELS.completeFailed
        });
        this.pending = false;
        if (view) {
            this.completing = false;
            this.note = '';
        }
    }
}
