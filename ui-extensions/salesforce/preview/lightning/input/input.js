import { LightningElement, api } from 'lwc';

/** lightning-input: an SLDS form element whose custom validity message shows after reportValidity(). */
export default class Input extends LightningElement {
    @api label;
    @api required = false;
    @api disabled = false;
    @api name;
    @api type = 'text';
    @api min;
    @api max;
    @api step;
    fieldValue = '';
    customMessage = '';
    shownMessage = '';

    @api
    get value() {
        return this.fieldValue;
    }
    set value(value) {
        this.fieldValue = value === undefined || value === null ? '' : String(value);
    }

    @api
    get validity() {
        return { valid: this.customMessage === '', customError: this.customMessage !== '' };
    }

    @api setCustomValidity(message) {
        this.customMessage = message ?? '';
    }

    @api checkValidity() {
        return this.customMessage === '';
    }

    @api reportValidity() {
        this.shownMessage = this.customMessage;
        return this.customMessage === '';
    }

    @api focus() {
        this.template.querySelector('.slds-input')?.focus();
    }

    get elementClass() {
        return this.shownMessage ? 'slds-form-element slds-has-error' : 'slds-form-element';
    }

    get invalid() {
        return this.shownMessage ? 'true' : 'false';
    }


    handleInput(event) {
        this.fieldValue = event.target.value;
        this.dispatchEvent(new CustomEvent('change', { detail: { value: this.fieldValue } }));
    }
}
