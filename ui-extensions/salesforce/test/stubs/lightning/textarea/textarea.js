import { LightningElement, api } from 'lwc';

export default class Textarea extends LightningElement {
    @api label;
    @api required = false;
    @api disabled = false;
    @api name;
    @api placeholder;

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
        this.template.querySelector('[data-id="control"]').focus();
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

    get invalid() {
        return this.shownMessage ? 'true' : 'false';
    }

    handleInput(event) {
        this.fieldValue = event.target.value;
        this.dispatchEvent(new CustomEvent('change', { detail: { value: this.fieldValue } }));
    }
}
