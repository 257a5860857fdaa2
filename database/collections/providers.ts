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
