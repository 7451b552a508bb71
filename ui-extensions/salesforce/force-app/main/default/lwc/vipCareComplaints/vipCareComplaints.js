import { LightningElement, api } from 'lwc';
import { LABELS, formatLabel } from 'c/vipCareLabels';
import { describeSla } from 'c/vipCareFormat';

const PRIORITIES = {
    low: { label: LABELS.priorityLow, badge: '' },
    normal: { label: LABELS.priorityNormal, badge: '' },
    high: { label: LABELS.priorityHigh, badge: 'slds-theme_warning' },
    critical: { label: LABELS.priorityCritical, badge: 'slds-theme_error' }
};
const STATUSES = { open: LABELS.complaintOpen, waiting: LABELS.complaintWaiting };
const CLOCKS = { first_response: LABELS.clockFirstResponse, resolution: LABELS.clockResolution };
/** The words carry the state; icon and colour only repeat it. */
const TONES = {
    error: { icon: 'utility:error', variant: 'error', text: 'slds-text-color_error' },
    warning: { icon: 'utility:warning', variant: 'warning', text: '' },
    success: { icon: 'utility:clock', variant: '', text: '' },
    info: { icon: 'utility:pause', variant: '', text: 'slds-text-color_weak' }
};

/** Open complaints with the SLA clock that runs now: "2 h 15 min left", "Breached 40 min ago", "Paused". */
export default class VipCareComplaints extends LightningElement {
    @api view;

    labels = LABELS;

    get complaints() {
        const generatedAt = this.view?.generatedAt;
        const now = Date.now();
        return (this.view?.complaints ?? []).map((complaint) => {
            const sla = describeSla(complaint, generatedAt, now);
            const tone = TONES[sla.tone];
            const priority = PRIORITIES[complaint.priority] ?? PRIORITIES.normal;
            return {
                id: complaint.id,
                subject: complaint.subject,
                priorityLabel: priority.label,
                priorityClass: `slds-m-right_x-small ${priority.badge}`.trim(),
                statusLabel: STATUSES[complaint.status] ?? '',
                slaLine: formatLabel(LABELS.clockLine, CLOCKS[complaint.clock.kind] ?? '', sla.text),
                slaTone: sla.tone,
                slaClass: `slds-m-top_xx-small vip-sla ${tone.text}`.trim(),
                slaIcon: tone.icon,
                slaVariant: tone.variant
            };
        });
    }

    get hasComplaints() {
        return this.complaints.length > 0;
    }

    get moreText() {
        const open = this.view?.openComplaints ?? 0;
        return open > (this.view?.complaints ?? []).length ? formatLabel(LABELS.complaintsMore, open) : '';
    }
}
