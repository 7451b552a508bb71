import { LightningElement, api } from 'lwc';

export default class Icon extends LightningElement {
    @api iconName;
    @api size;
    @api variant;
    @api alternativeText;
    @api title;
}
