/**
 * wx.openApi: `cloud.openapi.<api>(...)` in wx-server-sdk (emulated: subscribeMessage.send,
 * phonenumber.getPhoneNumber). Multipart request with fields action, apiName,
 * requestData (protobuf CommApiData whose pairs hold the snake_cased arguments as JSON). The answer is a
 * protobuf CommOpenApiResp (served as application/octet-stream) wrapping WeChat's JSON; wx-server-sdk
 * decodes it, throws on a non-zero `errcode` (errCode = errcode, errMsg `openapi.<api>:fail <errmsg>`) and
 * otherwise resolves `{ ...rest, errCode: 0, errMsg: 'openapi.<api>:ok' }`.
 * A TCB-level failure is JSON `{ code, message }` served as exactly `application/json; charset=utf-8`
 * (node-sdk's handleWxOpenApiData only parses JSON for that content type).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ActionContext, ActionHandler } from './context';
import { RawResponse } from './context';
import { ApiError, ApiErrorCode, invalidParam, isPlainObject } from '../protocol';
import { decodeCommApiData, encodeOpenApiJsonResp } from './openapi-proto';

const MINIPROGRAM_STATES = new Set(['developer', 'trial', 'formal']);
const LANGS = new Set(['zh_CN', 'en_US', 'zh_HK', 'zh_TW']);

interface WxAnswer {
  errcode: number;
  errmsg: string;
  [key: string]: unknown;
}

/** WeChat appends a request id to error messages: "invalid openid rid: 65a1b2c3-…". */
function wxError(errcode: number, message: string): WxAnswer {
  const rid = [4, 4, 4].map((n) => randomBytes(n).toString('hex')).join('-');
  return { errcode, errmsg: `${message} rid: ${rid}` };
}

function validateSubscribeMessage(p: Record<string, unknown>): WxAnswer | null {
  if (typeof p.touser !== 'string' || p.touser.trim() === '') return wxError(40003, 'invalid openid');
  if (typeof p.template_id !== 'string' || p.template_id.trim() === '') return wxError(40037, 'invalid template_id');
  if (p.page !== undefined && typeof p.page !== 'string') return wxError(47003, 'argument invalid! page invalid');
  if (!isPlainObject(p.data) || Object.keys(p.data).length === 0) return wxError(47003, 'argument invalid! data is empty');
  for (const [key, entry] of Object.entries(p.data)) {
    if (!isPlainObject(entry) || !('value' in entry)) return wxError(47003, `argument invalid! data.${key}.value is empty`);
    const value = entry.value;
    if ((typeof value !== 'string' && typeof value !== 'number') || String(value) === '') {
      return wxError(47003, `argument invalid! data.${key}.value is empty`);
    }
  }
  if (p.miniprogram_state !== undefined && !MINIPROGRAM_STATES.has(String(p.miniprogram_state))) {
    return wxError(47003, 'argument invalid! miniprogram_state invalid');
  }
  if (p.lang !== undefined && !LANGS.has(String(p.lang))) return wxError(47003, 'argument invalid! lang invalid');
  return null;
}

function subscribeMessageSend(ctx: ActionContext, p: Record<string, unknown>): WxAnswer {
  const answer = validateSubscribeMessage(p) ?? { errcode: 0, errmsg: 'ok' };
  ctx.recordSubscribeMessage({
    touser: typeof p.touser === 'string' ? p.touser : '',
    templateId: typeof p.template_id === 'string' ? p.template_id : '',
    page: typeof p.page === 'string' ? p.page : undefined,
    data: p.data,
    miniprogramState: typeof p.miniprogram_state === 'string' ? p.miniprogram_state : undefined,
    lang: typeof p.lang === 'string' ? p.lang : undefined,
    invocationId: ctx.invocation?.id,
    errCode: answer.errcode,
    errMsg: answer.errmsg,
  });
  return answer;
}

/**
 * `phonenumber.getPhoneNumber` (WeChat: 获取手机号, POST /wxa/business/getuserphonenumber; cloud call
 * `openapi.phonenumber.getPhoneNumber`): trades the code of a mini-program's getPhoneNumber button for the
 * user's number. Documented there: "每个 code 只能使用一次，code 的有效期为 5min", the answer
 * `{ errcode, errmsg, phone_info: { phoneNumber, purePhoneNumber, countryCode, watermark: { timestamp, appid } } }`
 * (countryCode a string in the field table), and errcode 40029 for a code that is not valid.
 *
 * Locally there is no WeChat user behind a code, so the number is derived from the code: the same code
 * always means the same mainland number, a different code (almost always) another one. A code must look
 * like one (16–128 of [A-Za-z0-9_-]; WeChat's are 64 hex characters) and works once, as on WeChat; 40029
 * otherwise. The watermark's appid is the calling invocation's APPID.
 */
const PHONE_CODE = /^[A-Za-z0-9_-]{16,128}$/;
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '166', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199'];
const EMULATOR_APPID = 'wx0000000000000000';

/** The mainland number the emulator answers for `code`: a mobile prefix and 8 digits, from the code's hash. */
export function phoneNumberForCode(code: string): string {
  const hash = createHash('sha256').update(code).digest();
  const prefix = MOBILE_PREFIXES[hash[0] % MOBILE_PREFIXES.length];
  return `${prefix}${String(hash.readUInt32BE(1) % 100_000_000).padStart(8, '0')}`;
}

function getPhoneNumber(ctx: ActionContext, p: Record<string, unknown>): WxAnswer {
  const code = typeof p.code === 'string' ? p.code : '';
  const appid = ctx.invocation?.wxContext?.APPID || EMULATOR_APPID;
  const refuse = () => {
    const answer = wxError(40029, 'invalid code');
    ctx.recordPhoneNumber({ code, appid, invocationId: ctx.invocation?.id, errCode: answer.errcode, errMsg: answer.errmsg });
    return answer;
  };
  if (!PHONE_CODE.test(code) || !ctx.redeemPhoneCode(code)) return refuse();
  const purePhoneNumber = phoneNumberForCode(code);
  ctx.recordPhoneNumber({ code, purePhoneNumber, appid, invocationId: ctx.invocation?.id, errCode: 0, errMsg: 'ok' });
  return {
    errcode: 0,
    errmsg: 'ok',
    phone_info: { phoneNumber: purePhoneNumber, purePhoneNumber, countryCode: '86', watermark: { timestamp: Math.floor(ctx.now / 1000), appid } },
  };
}

const EMULATED_APIS: Record<string, (ctx: ActionContext, params: Record<string, unknown>) => WxAnswer> = {
  'subscribeMessage.send': subscribeMessageSend,
  'phonenumber.getPhoneNumber': getPhoneNumber,
};

function requestBytes(value: unknown): Uint8Array {
  if (Buffer.isBuffer(value)) return value;
  // JSON callers may send the protobuf as base64.
  if (typeof value === 'string') return Buffer.from(value, 'base64');
  throw invalidParam('requestData must be the protobuf-encoded CommApiData');
}

const openApi: ActionHandler = async (ctx) => {
  const apiName = ctx.params.apiName;
  if (typeof apiName !== 'string' || apiName === '') throw invalidParam('apiName must be a non-empty string');
  const api = EMULATED_APIS[apiName];
  if (!api) throw new ApiError(ApiErrorCode.INVALID_ACTION, `wx.openApi ${apiName} is not emulated (supported: ${Object.keys(EMULATED_APIS).join(', ')})`);
  let decoded;
  try {
    decoded = decodeCommApiData(requestBytes(ctx.params.requestData));
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw invalidParam(`requestData is not a valid CommApiData protobuf: ${(err as Error).message}`);
  }
  if (decoded.apiType !== 0) throw invalidParam(`requestData.apiType ${decoded.apiType} is not OPEN_API`);
  return new RawResponse(encodeOpenApiJsonResp(api(ctx, decoded.params)), 'application/octet-stream');
};

export const openApiActions: Record<string, ActionHandler> = {
  'wx.openApi': openApi,
};
