import * as z from 'zod';
import { emptyPayloadSchema, isoTimeSchema } from '../common';
import { defineFunction } from '../define';

export const pingResultSchema = z.strictObject({
  now: isoTimeSchema.describe('函数当前时间'),
  pings: z.number().int().min(1).describe('累计 ping 次数（每次调用 +1）'),
  lastPingAt: isoTimeSchema.describe('本次写入的服务端时间'),
  env: z.string().describe('云开发环境 id'),
});
export type PingResult = z.infer<typeof pingResultSchema>;

export const health = defineFunction('health: liveness that touches the database; needs no identity.', {
  ping: {
    payload: emptyPayloadSchema,
    result: pingResultSchema,
    access: 'public',
    summary: '健康检查：读写一次数据库（计数文档 +1 并读回），无需登录。',
  },
});
