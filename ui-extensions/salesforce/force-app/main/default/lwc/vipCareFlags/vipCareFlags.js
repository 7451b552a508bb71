import { LightningElement, api } from 'lwc';
import { LABELS } from 'c/vipCareLabels';

const FLAG_NAMES = { at_risk: LABELS.flagAtRisk, potential_vip: LABELS.flagPotentialVip };

/** At-risk and potential-VIP flags: a badge that names the flag (not a colour alone) and the server's explanation. */
export default class VipCareFlags extends LightningElement {
    @api flags;

    get items() {
        return (this.flags ?? []).map((flag, index) => ({
            key: `${flag.code}-${index}`,
            name: FLAG_NAMES[flag.code] ?? flag.code,
            text: flag.text,
            badgeClass: flag.code === 'at_risk' ? 'slds-theme_warning slds-m-right_x-small' : 'slds-theme_info slds-m-right_x-small'
        }));
    }

    get hasFlags() {
        return this.items.length > 0;
    }
}
