import * as z from 'zod';
import { declareCollection, index } from '../declaration';

/**
 * One small document per signed-in binding that the client watches (CloudBase advises watching a small
 * per-user document, then fetching through functions). Functions bump a counter whenever something the
 * user must see changes; `_openid` is the binding's OPENID or uid, which the owner rule checks.
 */
export const userSignalSchema = z.object({
  _id: z.string(),
  _openid: z.string(),
  serviceProviderId: z.string(),
  userId: z.string(),
  messages: z.number().int(),
  tickets: z.number().int(),
  chat: z.number().int(),
  customers: z.number().int(),
  updatedAt: z.date(),
});
export type UserSignalDoc = z.infer<typeof userSignalSchema>;

export const userSignals = declareCollection({
  collectionName: 'user_signals',
  description: '客户端实时监听的信号文档（每个登录绑定一条，仅本人可读）',
  schema: userSignalSchema,
  createIndexes: [index('by_provider', ['serviceProviderId', 1]), index('by_openid', ['_openid', 1]), index('by_user', ['userId', 1])],
  aclTag: 'CUSTOM',
  aclRule: { read: 'doc._openid == auth.openid || doc._openid == auth.uid', write: false },
});
