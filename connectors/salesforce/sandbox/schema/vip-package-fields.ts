/**
 * The fields our managed package adds: the VIP fields on Account and Contact, and our external
 * id on Task. `control.removePackageFields` takes them out of an org, as an org without the
 * package (or with field-level security hiding them) looks to the API.
 */
import { date, number, picklist, text } from './field-builders.js';
import type { FieldDefinition } from './field-definition.js';

const PACKAGED = { custom: true, packaged: true } as const;

export const VIP_TIERS = ['Platinum', 'Gold', 'Silver', 'Bronze'] as const;

export function vipFields(): FieldDefinition[] {
  return [
    // Unrestricted: the program file names the tiers, so any text up to 255 characters is accepted.
    picklist('VIP_Tier__c', 'VIP Tier', { values: VIP_TIERS, restricted: false }, PACKAGED),
    text('VIP_Tier_Label__c', 'VIP Tier Label', 255, PACKAGED),
    date('VIP_Tier_Since__c', 'VIP Tier Since', PACKAGED),
    number('VIP_Score__c', 'VIP Score', 'double', 5, 2, PACKAGED),
    text('VIP_Score_Reason__c', 'VIP Score Reason', 255, PACKAGED),
    number('VIP_Predicted_Value__c', 'VIP Predicted Value', 'currency', 16, 2, PACKAGED),
    number('VIP_Churn_Risk__c', 'VIP Churn Risk', 'percent', 5, 2, PACKAGED),
    text('VIP_Next_Action__c', 'VIP Next Action', 255, PACKAGED),
    date('VIP_Next_Action_Due__c', 'VIP Next Action Due', PACKAGED),
    text('VIP_Account_Manager__c', 'VIP Account Manager', 255, PACKAGED),
  ];
}

/** Our id on tasks: an External ID, unique without regard to case, so upserts never duplicate a task. */
export function vipTaskFields(): FieldDefinition[] {
  return [text('VIP_Care_Task_Id__c', 'VIP Care Task ID', 255, { ...PACKAGED, externalId: true, unique: true })];
}

