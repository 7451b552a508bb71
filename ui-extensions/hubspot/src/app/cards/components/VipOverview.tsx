import { Flex } from '@hubspot/ui-extensions';
import type { VipCardView } from '../types/vip-card-view';
import { FlagList } from './sections/FlagList';
import { PredictionSection } from './sections/PredictionSection';
import { ReasonsSection } from './sections/ReasonsSection';
import { TierSummary } from './sections/TierSummary';
import { TrendSection } from './sections/TrendSection';

/** Who this VIP is to us: tier, score and why, where the score is heading, and what they are worth. */
export function VipOverview({ view }: { view: VipCardView }) {
  return (
    <Flex direction="column" gap="md">
      {view.tier && <TierSummary tier={view.tier} score={view.score} />}
      <FlagList flags={view.flags} testId="vip-flags" />
      <ReasonsSection reasons={view.reasons} contributions={view.topContributions} />
      {view.trend && view.score !== null && <TrendSection trend={view.trend} score={view.score} />}
      {view.prediction && <PredictionSection prediction={view.prediction} />}
    </Flex>
  );
}
