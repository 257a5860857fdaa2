import * as z from 'zod';
import { declareCollection, FUNCTIONS_ONLY, uniqueIndex } from '../declaration';

/** A service provider (服务商): the tenant every other document belongs to. Contact fields are encrypted. */
export const providerSchema = z.object({
  _id: z.string(),
  name: z.string(),
  contactPerson: z.string().optional(), // enc:v1:…
  phone: z.string().optional(), // enc:v1:…
  email: z.string().optional(), // enc:v1:…
  region: z.string().optional(),
  /** The vendor's provider code (providerExternalId in the PC-system protocol); provider_codes keeps it unique. */
  externalId: z.string().optional(),
  status: z.enum(['active', 'disabled']),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ProviderDoc = z.infer<typeof providerSchema>;

export const providers = declareCollection({
  collectionName: 'providers',
  description: '服务商（租户）',
  schema: providerSchema,
  createIndexes: [uniqueIndex('uniq_name', ['name', 1])],
  ...FUNCTIONS_ONLY,
});

/**
 * The vendor's provider codes: `_id` is the code, so two providers can't claim one (the insert of the
 * claim fails on the duplicate _id), and a code is resolved to its provider by id. Written in the
 * transaction that creates the provider (admin.createProvider) or by the demo seed.
 */
export const providerCodeSchema = z.object({ _id: z.string(), providerId: z.string(), createdAt: z.date() });
export type ProviderCodeDoc = z.infer<typeof providerCodeSchema>;

export const providerCodes = declareCollection({
  collectionName: 'provider_codes',
  description: '服务商编码（厂商系统中的服务商 id）→ 服务商',
  schema: providerCodeSchema,
  createIndexes: [],
  ...FUNCTIONS_ONLY,
});
