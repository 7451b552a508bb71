import { LightningElement, api } from 'lwc';
import { LABELS } from 'c/vipCareLabels';

/** Why this record has no tier: unknown to the program, not scored yet, or scored below the entry line. */
export default class VipCareNotVip extends LightningElement {
    /** Null when the backend does not know the record (404 CUSTOMER_NOT_FOUND). */
    @api view;
    /** The backend's own words for that 404, when it sent some. */
    @api message;

    labels = LABELS;

    get explanation() {
        if (!this.view) {
            return this.message || LABELS.notVipNotFound;
        }
        if (this.view.status === 'not_scored' || typeof this.view.score !== 'number') {
            return LABELS.notVipNotScored;
        }
        return LABELS.notVipScored;
    }

    get hasScore() {
        return typeof this.view?.score === 'number';
    }

    get flags() {
        return this.view?.flags ?? [];
    }

    get hasReasons() {
        return (this.view?.reasons ?? []).length > 0;
    }
}
