import { LightningElement, api } from 'lwc';

/** lightning-spinner: the SLDS spinner over its container, with its text for screen readers. */
export default class Spinner extends LightningElement {
    @api alternativeText;
    @api size = 'medium';
    @api variant = 'brand';

    get spinnerClass() {
        return `slds-spinner slds-spinner_${this.size}${this.variant === 'brand' ? ' slds-spinner_brand' : ''}`;
    }
}
