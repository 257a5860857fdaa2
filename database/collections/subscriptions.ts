import * as z from 'zod';
import { SUBSCRIBE_RESULTS, SUBSCRIBE_TEMPLATE_KEYS } from '@partner-desk/contract';
import { declareCollection, FUNCTIONS_ONLY, index } from '../declaration';

/** How many request ids a credit document remembers to make recordSubscribeAccepts idempotent. */
export const SUBSCRIBE_REQUEST_MEMORY = 20;

/**
 * One user's subscribe-message sends for one template (`_id` `sc_<userId>_<templateKey>`): each accept in
 * the app adds one, each send takes one (WeChat allows one send per accept).
 */
export const subscribeCreditSchema = z.object({
  _id: z.string(),
  serviceProviderId: z.string(),
  userId: z.string(),
  templateKey: z.enum(SUBSCRIBE_TEMPLATE_KEYS),
  credits: z.number().int().min(0),
  acceptedTotal: z.number().int().min(0),
  lastResult: z.enum(SUBSCRIBE_RESULTS).nullable(),
  lastResultAt: z.date().nullable(),
  /** The last request ids counted here (newest last): a retried request is recognised and not counted again. */
  recentRequestIds: z.array(z.string()).max(SUBSCRIBE_REQUEST_MEMORY),
  updatedAt: z.date(),
});
export type SubscribeCreditDoc = z.infer<typeof subscribeCreditSchema>;

export const subscribeCredits = declareCollection({
  collectionName: 'subscribe_credits',
  description: '订阅消息可发送次数（按用户、按模板）',
  schema: subscribeCreditSchema,
  createIndexes: [index('by_provider_user', ['serviceProviderId', 1], ['userId', 1])],
  ...FUNCTIONS_ONLY,
});
