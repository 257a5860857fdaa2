/**
 * functions.invokeFunction (cloud.callFunction / app.callFunction from inside a function or any server).
 * Request: { function_name, request_data: JSON string ('' when no data), qualifier? }.
 * Answer: { data: { response_data: JSON string of the result } } — node-sdk JSON.parses response_data.
 * Failures: { code, message }; wx-server-sdk turns them into { errCode: TCB_ERR_CODE[code] || -501001,
 * errMsg: `requestID <id>, <message>` } (FUNCTIONS_EXECUTE_FAIL → -504002).
 */
import type { InvokeResult } from '../types';
import type { ActionHandler } from './context';
import { ApiError, ApiErrorCode, invalidParam } from '../protocol';

const invokeFunction: ActionHandler = async (ctx) => {
  const name = ctx.params.function_name;
  if (typeof name !== 'string' || name === '') throw invalidParam('function_name must be a non-empty string');
  const requestData = ctx.params.request_data;
  let event: unknown = {};
  if (typeof requestData === 'string' && requestData !== '') {
    try {
      event = JSON.parse(requestData);
    } catch (err) {
      throw invalidParam(`request_data is not valid JSON: ${(err as Error).message}`);
    }
  } else if (requestData !== undefined && requestData !== null && requestData !== '') {
    event = requestData; // tolerate an object sent directly
  }
  if (!ctx.functions) throw new ApiError(ApiErrorCode.FUNCTION_NOT_FOUND, `[FUNCTION_NOT_FOUND] no functions runtime is running (function ${name})`);

  // CloudBase passes the calling user's identity through to the callee (getWXContext().OPENID).
  const wxContext = ctx.invocation?.wxContext && Object.keys(ctx.invocation.wxContext).length ? { ...ctx.invocation.wxContext } : undefined;
  const result: InvokeResult = await ctx.functions.invoke({ functionName: name, event, source: 'admin', wxContext });
  if (result.ok) {
    const text = JSON.stringify(result.result);
    return { data: { response_data: text === undefined ? 'null' : text } };
  }
  throw new ApiError(codeForFailure(result.code), result.code === 'FUNCTION_NOT_FOUND' ? `[FUNCTION_NOT_FOUND] 找不到对应的FunctionName. (${name})` : result.message);
};

function codeForFailure(code: Extract<InvokeResult, { ok: false }>['code']): string {
  switch (code) {
    case 'FUNCTION_NOT_FOUND':
      return ApiErrorCode.FUNCTION_NOT_FOUND;
    case 'FUNCTIONS_TIME_LIMIT_EXCEEDED':
      return ApiErrorCode.FUNCTIONS_TIME_LIMIT_EXCEEDED;
    default:
      // A thrown error and a crashed worker both surface as a failed execution on CloudBase.
      return ApiErrorCode.FUNCTIONS_EXECUTE_FAIL;
  }
}

export const functionActions: Record<string, ActionHandler> = {
  'functions.invokeFunction': invokeFunction,
};
