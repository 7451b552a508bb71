import { LightningElement, api } from 'lwc';

export default class Combobox extends LightningElement {
    @api label;
    @api value;
    @api options = [];
    @api required = false;
    @api disabled = false;
    @api name;
    @api placeholder;

    get items() {
        return (this.options ?? []).map((option) => ({ ...option, selected: option.value === this.value }));
    }

    @api focus() {
        this.template.querySelector('select').focus();
    }

    handleChange(event) {
        this.dispatchEvent(new CustomEvent('change', { detail: { value: event.target.value } }));
    }
}
