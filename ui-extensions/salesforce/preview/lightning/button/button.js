import { LightningElement, api } from 'lwc';

const VARIANTS = { brand: 'slds-button_brand', neutral: 'slds-button_neutral', destructive: 'slds-button_destructive', base: '' };

/** lightning-button: an SLDS button; its click reaches the host's onclick, none while disabled. */
export default class Button extends LightningElement {
    @api label;
    @api variant = 'neutral';
    @api disabled = false;
    @api title;
    @api ariaLabel;
    @api type = 'button';

    get buttonClass() {
        return `slds-button ${VARIANTS[this.variant] ?? VARIANTS.neutral}`.trim();
    }

    @api focus() {
        this.template.querySelector('button')?.focus();
    }

    @api click() {
        this.template.querySelector('button')?.click();
    }
}
