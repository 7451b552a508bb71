import { LightningElement, api } from 'lwc';
import { LABELS, formatLabel } from 'c/vipCareLabels';
import { formatDay, formatPoints } from 'c/vipCareFormat';

const TIER_SOURCES = { score: LABELS.tierSourceScore, rule: LABELS.tierSourceRule, override: LABELS.tierSourceOverride };
const TREND_ICONS = { up: 'utility:arrowup', down: 'utility:arrowdown', flat: 'utility:right' };

/** Who this VIP is to us: tier and score, why, where the score is heading, and what they are worth. */
export default class VipCareSummary extends LightningElement {
    @api view;

    labels = LABELS;

    get tier() {
        return this.view?.tier ?? null;
    }

    get tierRank() {
        return this.tier ? formatLabel(LABELS.tierRank, this.tier.rank, this.tier.of) : '';
    }

    get tierSource() {
        return this.tier ? TIER_SOURCES[this.tier.source] ?? '' : '';
    }

    get hasScore() {
        return typeof this.view?.score === 'number';
    }

    get trend() {
        return this.view?.trend ?? null;
    }

    get trendIcon() {
        return this.trend ? TREND_ICONS[this.trend.direction] : '';
    }

    get trendText() {
        const trend = this.trend;
        if (!trend) {
            return '';
        }
        const since = formatDay(trend.comparedWith);
        if (trend.direction === 'flat') {
            return formatLabel(LABELS.trendFlat, since);
        }
        return formatLabel(trend.direction === 'up' ? LABELS.trendUp : LABELS.trendDown, formatPoints(Math.abs(trend.delta)), since);
    }

    get trendClass() {
        const tone = { up: 'slds-text-color_success', down: 'slds-text-color_error', flat: '' }[this.trend?.direction] ?? '';
        return `vip-trend ${tone}`;
    }

    /** Polyline points of the score history in a 100 x 24 box, scaled to its own range so a small move shows. */
    get historyPoints() {
        const history = this.trend?.history ?? [];
        if (history.length < 2) {
            return '';
        }
        const scores = history.map((point) => point.score);
        const low = Math.min(...scores);
        const span = Math.max(...scores) - low || 1;
        const step = 100 / (history.length - 1);
        const round = (n) => Math.round(n * 10) / 10;
        return history.map((point, i) => `${round(i * step)},${round(22 - ((point.score - low) / span) * 20)}`).join(' ');
    }

    /** The chart is drawn for the eye; its text alternative lists the scores. */
    get historyText() {
        const history = this.trend?.history ?? [];
        return formatLabel(LABELS.scoreHistory, history.map((point) => formatPoints(point.score)).join(', '));
    }

    get prediction() {
        return this.view?.prediction ?? null;
    }

    get hasPredictedValue() {
        return typeof this.prediction?.predictedValue === 'number';
    }

    get hasChurnRisk() {
        return typeof this.prediction?.churnRisk === 'number';
    }
}
