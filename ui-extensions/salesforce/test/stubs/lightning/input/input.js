import { LightningElement, api } from 'lwc';

export default class Input extends LightningElement {
    @api label;
    @api required = false;
    @api disabled = false;
    @api name;
    @api placeholder;
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
        this.template.querySelector('[data-id="control"]').focus();
    }

    get invalid() {
        return this.shownMessage ? 'true' : 'false';
    }

    handleInput(event) {
        this.fieldValue = event.target.value;
        this.dispatchEvent(new CustomEvent('change', { detail: { value: this.fieldValue } }));
    }
}
