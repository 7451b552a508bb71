import { LightningElement, api } from 'lwc';
import { LABELS, formatLabel } from 'c/vipCareLabels';

const CATEGORIES = { promoter: LABELS.promoter, passive: LABELS.passive, detractor: LABELS.detractor };

/** The latest NPS and CSAT answers, with when they were given. */
export default class VipCareFeedbackSummary extends LightningElement {
    @api feedback;

    labels = LABELS;

    get nps() {
        return this.feedback?.nps ?? null;
    }

    get csat() {
        return this.feedback?.csat ?? null;
    }

    get npsText() {
        return this.nps ? formatLabel(LABELS.npsLine, this.nps.score, CATEGORIES[this.nps.category] ?? '') : '';
    }

    get csatText() {
        return this.csat ? formatLabel(LABELS.csatLine, this.csat.score) : '';
    }
}
