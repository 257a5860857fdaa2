import * as z from 'zod';

/** The closed set of error codes every action may answer (docs: docs/api.md). */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'CONFLICT',
  'FAILED_PRECONDITION',
  'RATE_LIMITED',
  'UNSUPPORTED_ACTION',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorCodeSchema = z.enum(ERROR_CODES);

/** Default Chinese message per code, for when the thrower has nothing more specific to say. */
export const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  INVALID_ARGUMENT: '请求参数不正确',
  UNAUTHENTICATED: '请先登录',
  PERMISSION_DENIED: '没有权限执行此操作',
  NOT_FOUND: '记录不存在',
  CONFLICT: '数据已被修改，请刷新后重试',
  FAILED_PRECONDITION: '当前状态不允许此操作',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  UNSUPPORTED_ACTION: '不支持的操作',
  INTERNAL: '服务暂时不可用，请稍后再试',
};
