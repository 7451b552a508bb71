import { LightningElement, api } from 'lwc';

/** lightning-textarea: an SLDS form element whose custom validity message shows after reportValidity(). */
export default class Textarea extends LightningElement {
    @api label;
    @api required = false;
    @api disabled = false;
    @api name;

    fieldValue = '';
    customMessage = '';
    shownMessage = '';

    @api
    get value() {
        return this.fieldValue;
    }
    set value(value) {
        this.fieldValue = value === undefined || value === null ? '' : String(value);
        this.syncControl();
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
        this.template.querySelector('.slds-textarea')?.focus();
    }

    get elementClass() {
        return this.shownMessage ? 'slds-form-element slds-has-error' : 'slds-form-element';
    }

    get invalid() {
        return this.shownMessage ? 'true' : 'false';
    }

    renderedCallback() {
        this.syncControl();
    }

    /** A textarea's value is a DOM property the template does not bind: kept in step here. */
    syncControl() {
        const control = this.template.querySelector('textarea');
        if (control && control.value !== this.fieldValue) {
            control.value = this.fieldValue;
        }
    }

    handleInput(event) {
        this.fieldValue = event.target.value;
        this.dispatchEvent(new CustomEvent('change', { detail: { value: this.fieldValue } }));
    }
}
