import * as z from 'zod';
import { declareCollection, FUNCTIONS_ONLY } from '../declaration';

export const healthCheckSchema = z.object({ _id: z.string(), pings: z.number().int(), lastPingAt: z.date() });
export type HealthCheckDoc = z.infer<typeof healthCheckSchema>;

export const healthChecks = declareCollection({
  collectionName: 'health_checks',
  description: '健康检查计数（health.ping 写入）',
  schema: healthCheckSchema,
  createIndexes: [],
  ...FUNCTIONS_ONLY,
});
