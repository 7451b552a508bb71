import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getCard from '@salesforce/apex/VipCareCardController.getCard';
import LOCALE from '@salesforce/i18n/locale';
import { LABELS } from 'c/vipCareLabels';
import { errorMessage, readCardResponse } from 'c/vipCareView';

const SUPPORTED_OBJECTS = ['Account', 'Contact'];

/**
 * The VIP card on Account and Contact record pages: loads the record's VIP view through Apex and
 * shows exactly one state at a time: loading, error, not a VIP, or the VIP. Every action of the
 * child forms answers with the refreshed view, which replaces the shown one at once.
 */
export default class VipCareCard extends LightningElement {
    @api recordId;
    @api objectApiName;

    labels = LABELS;
    /** loading | error | notVip | vip */
    state = 'loading';
    view = null;
    notFoundMessage = null;
    errorText = '';
    wiredCard;

    @wire(getCard, { recordId: '$recordId', objectApiName: '$objectApiName', locale: LOCALE })
    receiveCard(result) {
        this.wiredCard = result;
        const { data, error } = result;
        if (error) {
            this.showError(errorMessage(error));
        } else if (data !== undefined && data !== null) {
            this.showResponse(data);
        }
    }

    showResponse(data) {
        const read = readCardResponse(data);
        if (read.kind === 'view') {
            this.showView(read.view);
        } else if (read.kind === 'notFound') {
            this.view = null;
            this.notFoundMessage = read.message;
            this.state = 'notVip';
        } else {
            this.showError(null);
        }
    }

    showView(view) {
        this.view = view;
        this.notFoundMessage = null;
        this.state = view.status === 'vip' ? 'vip' : 'notVip';
    }

    showError(message) {
        this.errorText = message ?? LABELS.errorGeneric;
        this.state = 'error';
    }

    handleRetry() {
        this.state = 'loading';
        // The wire answers the refreshed call; a refresh that fails outright is shown here.
        return refreshApex(this.wiredCard).catch((error) => this.showError(errorMessage(error)));
    }

    handleViewChange(event) {
        this.showView(event.detail.view);
    }

    get isUnsupported() {
        return Boolean(this.objectApiName) && !SUPPORTED_OBJECTS.includes(this.objectApiName);
    }

    get isLoading() {
        return !this.isUnsupported && this.state === 'loading';
    }

    get isError() {
        return this.state === 'error';
    }

    get isVip() {
        return this.state === 'vip';
    }

    get statusText() {
        if (this.isUnsupported) {
            return LABELS.unsupportedObject;
        }
        switch (this.state) {
            case 'loading':
                return LABELS.loading;
            case 'error':
                return LABELS.errorTitle;
            case 'notVip':
                return LABELS.notVipTitle;
            default:
                return LABELS.loaded;
        }
    }
}
