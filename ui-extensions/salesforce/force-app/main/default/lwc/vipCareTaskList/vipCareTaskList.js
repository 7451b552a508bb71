import { LightningElement, api } from 'lwc';
import { LABELS, formatLabel } from 'c/vipCareLabels';

/** The next care actions due, soonest first as the server sorted them, and how many are open in all. */
export default class VipCareTaskList extends LightningElement {
    @api view;
    @api recordId;
    @api objectApiName;

    labels = LABELS;

    get tasks() {
        return this.view?.nextActions ?? [];
    }

    get hasTasks() {
        return this.tasks.length > 0;
    }

    get moreText() {
        const open = this.view?.openTasks ?? 0;
        return open > this.tasks.length ? formatLabel(LABELS.tasksMore, open) : '';
    }

    /** Passed up as it came: the card shows the view a completed task answered with. */
    handleViewChange(event) {
        this.dispatchEvent(new CustomEvent('viewchange', { detail: event.detail }));
    }
}
