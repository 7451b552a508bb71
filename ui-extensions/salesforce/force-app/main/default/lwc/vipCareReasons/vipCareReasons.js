import { LightningElement, api } from 'lwc';
import { LABELS, formatLabel } from 'c/vipCareLabels';
import { formatPoints } from 'c/vipCareFormat';

/** Why the customer has this tier: the server's reasons, then the measures that added most points. */
export default class VipCareReasons extends LightningElement {
    @api reasons;
    @api contributions;

    labels = LABELS;

    get reasonItems() {
        return (this.reasons ?? []).map((reason, index) => ({ key: `${reason.code}-${index}`, text: reason.text }));
    }

    get hasReasons() {
        return this.reasonItems.length > 0;
    }

    get contributionItems() {
        return (this.contributions ?? []).map((c) => ({ key: c.measure, text: formatLabel(LABELS.contributionLine, c.label, formatPoints(c.points)) }));
    }

    get hasContributions() {
        return this.contributionItems.length > 0;
    }
}
