import { LightningElement, api } from 'lwc';

export default class Button extends LightningElement {
    @api label;
    @api variant = 'neutral';
    @api disabled = false;
    @api title;
    @api ariaLabel;
    @api iconName;
    @api type = 'button';

    @api focus() {
        this.template.querySelector('button').focus();
    }

    @api click() {
        this.template.querySelector('button').click();
    }
}
