// One card action, the same way for every form: call Apex, show the refreshed view it answers
// (a `viewchange` event), and say how it went in a toast.
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { LABELS } from 'c/vipCareLabels';
import { errorMessage, readCardResponse } from 'c/vipCareView';

/**
 * Runs `call` (an imperative Apex call answering view JSON) for `component`; resolves with the
 * new view, or null when the action failed (the rep's entry is then kept).
 */
export async function runCardAction(component, { call, success, failure }) {
    let result;
    try {
        result = readCardResponse(await call());
    } catch (error) {
        component.dispatchEvent(new ShowToastEvent({ title: failure, message: errorMessage(error) ?? LABELS.actionFailedGeneric, variant: 'error' }));
        return null;
    }
    if (result.kind !== 'view') {
        component.dispatchEvent(new ShowToastEvent({ title: failure, message: LABELS.actionFailedGeneric, variant: 'error' }));
        return null;
    }
    // The toast first: the new view may remove the component that asked (a completed task).
    component.dispatchEvent(new ShowToastEvent({ title: success, variant: 'success' }));
    component.dispatchEvent(new CustomEvent('viewchange', { detail: { view: result.view } }));
    return result.view;
}
