import { LightningElement, api } from 'lwc';

/** The raw ISO value as text; the parts and time zone asked for as data attributes. */
export default class FormattedDateTime extends LightningElement {
    @api value;
    @api year;
    @api month;
    @api day;
    @api hour;
    @api minute;
    @api timeZone;
    @api weekday;

    get parts() {
        return [this.year, this.month, this.day, this.hour, this.minute].filter(Boolean).join(' ');
    }
}
