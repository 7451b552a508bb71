/**
 * The default deal and ticket pipelines of a new HubSpot portal: stage ids are what the
 * `dealstage` and `hs_pipeline_stage` properties hold.
 * https://developers.hubspot.com/docs/api/crm/pipelines
 */
export interface PipelineStage {
  id: string;
  label: string;
  closed: boolean;
  won: boolean;
}

export const DEAL_PIPELINE_ID = 'default';
export const DEAL_STAGES: readonly PipelineStage[] = [
  { id: 'appointmentscheduled', label: 'Appointment Scheduled', closed: false, won: false },
  { id: 'qualifiedtobuy', label: 'Qualified To Buy', closed: false, won: false },
  { id: 'presentationscheduled', label: 'Presentation Scheduled', closed: false, won: false },
  { id: 'decisionmakerboughtin', label: 'Decision Maker Bought-In', closed: false, won: false },
  { id: 'contractsent', label: 'Contract Sent', closed: false, won: false },
  { id: 'closedwon', label: 'Closed Won', closed: true, won: true },
  { id: 'closedlost', label: 'Closed Lost', closed: true, won: false },
];

export const TICKET_PIPELINE_ID = '0';
export const TICKET_STAGES: readonly PipelineStage[] = [
  { id: '1', label: 'New', closed: false, won: false },
  { id: '2', label: 'Waiting on contact', closed: false, won: false },
  { id: '3', label: 'Waiting on us', closed: false, won: false },
  { id: '4', label: 'Closed', closed: true, won: false },
];

export function stageOf(stages: readonly PipelineStage[], id: string | undefined): PipelineStage | undefined {
  return id === undefined ? undefined : stages.find((s) => s.id === id);
}
