import { LightningElement, api } from 'lwc';

/** lightning-combobox as the SLDS select: same options, value and `change` event, native keyboard. */
export default class Combobox extends LightningElement {
    @api label;
    @api value;
    @api options = [];
    @api required = false;
    @api disabled = false;
    @api name;

    get items() {
        return (this.options ?? []).map((option) => ({ ...option, selected: option.value === this.value }));
    }

    @api focus() {
        this.template.querySelector('select')?.focus();
    }

    handleChange(event) {
        this.dispatchEvent(new CustomEvent('change', { detail: { value: event.target.value } }));
    }
}
