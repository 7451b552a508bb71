import { LightningElement, api } from 'lwc';
import LOCALE from '@salesforce/i18n/locale';

const PARTS = ['year', 'month', 'day', 'hour', 'minute', 'weekday'];

/** lightning-formatted-date-time: the parts asked for, in the user's locale and the given time zone. */
export default class FormattedDateTime extends LightningElement {
    @api value;
    @api year;
    @api month;
    @api day;
    @api hour;
    @api minute;
    @api weekday;
    @api timeZone;

    get formatted() {
        const date = new Date(this.value);
        if (this.value === null || this.value === undefined || Number.isNaN(date.getTime())) {
            return '';
        }
        const options = {};
        for (const part of PARTS) {
            if (this[part]) {
                options[part] = this[part];
            }
        }
        if (this.timeZone) {
            options.timeZone = this.timeZone;
        }
        try {
            return new Intl.DateTimeFormat(LOCALE, options).format(date);
        } catch {
            return date.toISOString();
        }
    }
}
