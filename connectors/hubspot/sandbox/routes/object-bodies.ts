/** The request bodies of the CRM object endpoints, as handlers use them after the spec check. */
import { z } from 'zod';
import { FILTER_OPERATORS } from '../search/filters.js';

export const MAX_BATCH_INPUTS = 100;

const Properties = z.record(z.string(), z.string());

export const AssociationInput = z.object({
  to: z.object({ id: z.string() }),
  types: z.array(z.object({ associationCategory: z.string(), associationTypeId: z.number().int() })),
});
export type AssociationInput = z.output<typeof AssociationInput>;

export const CreateBody = z.object({ properties: Properties, associations: z.array(AssociationInput).optional() });
export const UpdateBody = z.object({ properties: Properties });

export const BatchReadBody = z.object({
  inputs: z.array(z.object({ id: z.string() })),
  properties: z.array(z.string()).optional(),
  idProperty: z.string().optional(),
});

export const BatchCreateBody = z.object({
  inputs: z.array(CreateBody.extend({ objectWriteTraceId: z.string().optional() })),
});

export const BatchUpdateBody = z.object({
  inputs: z.array(z.object({ id: z.string(), idProperty: z.string().optional(), objectWriteTraceId: z.string().optional(), properties: Properties })),
});

export const BatchArchiveBody = z.object({ inputs: z.array(z.object({ id: z.string() })) });

export const SearchBody = z.object({
  filterGroups: z
    .array(
      z.object({
        filters: z.array(
          z.object({
            propertyName: z.string(),
            operator: z.enum(FILTER_OPERATORS),
            value: z.string().optional(),
            highValue: z.string().optional(),
            values: z.array(z.string()).optional(),
          }),
        ),
      }),
    )
    .optional(),
  sorts: z.array(z.union([z.string(), z.object({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']).optional() })])).optional(),
  properties: z.array(z.string()).optional(),
  limit: z.number().int().optional(),
  after: z.string().optional(),
  query: z.string().optional(),
});
