/** SLA clocks in words: "2 h 15 min left", "breached 40 min ago", "paused". */
import type { Translator } from '../i18n/translator';
import type { CardComplaint } from '../types/vip-card-view';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Rounds down, so a clock never looks more generous than it is. */
export function humaniseDuration(ms: number, { t }: Pick<Translator, 't'>): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return t('duration.underMinute');
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? t('duration.days', { days, hours }) : t('duration.daysOnly', { days });
  if (hours > 0) return minutes > 0 ? t('duration.hours', { hours, minutes }) : t('duration.hoursOnly', { hours });
  return t('duration.minutes', { minutes });
}

export type SlaTone = 'danger' | 'warning' | 'info' | 'success';

/** What the clock says and how loudly: breached is danger, a warned clock a warning, a paused one info. */
export function describeSla(complaint: CardComplaint, translator: Pick<Translator, 't'>): { text: string; tone: SlaTone } {
  const { clock } = complaint;
  if (clock.msLeft === null) {
    return complaint.status === 'waiting' ? { text: translator.t('sla.paused'), tone: 'info' } : { text: translator.t('sla.noTarget'), tone: 'info' };
  }
  if (clock.msLeft < 0) return { text: translator.t('sla.breached', { duration: humaniseDuration(clock.msLeft, translator) }), tone: 'danger' };
  const text = translator.t('sla.left', { duration: humaniseDuration(clock.msLeft, translator) });
  return { text, tone: clock.state === 'warned' || clock.state === 'breached' ? 'warning' : 'success' };
}
