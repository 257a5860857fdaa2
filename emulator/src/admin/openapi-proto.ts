/**
 * The protobuf messages wx-server-sdk 4.0.2 uses for `wx.openApi` (its bundled src/protobuf/openapi.js):
 * the request field `requestData` is a CommApiData, the answer body a CommOpenApiResp whose respData holds
 * WeChat's JSON answer. Field numbers copied from the generated encoders in wx-server-sdk/index.js.
 */
import protobuf from 'protobufjs';

const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: {
      fields: {
        key: { type: 'string', id: 1 },
        value: { type: 'bytes', id: 2 },
        contenttype: { type: 'string', id: 3 },
        filename: { type: 'string', id: 4 },
      },
    },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    TokenApiData: { fields: { resourceAppid: { type: 'string', id: 1 }, resourceEnv: { type: 'string', id: 2 } } },
    SvrkitApiData: { fields: { apiName: { type: 'string', id: 1 }, reqData: { type: 'bytes', id: 2 } } },
    CommApiData: {
      fields: {
        apiType: { type: 'ApiType', id: 1 },
        openapiData: { type: 'OpenApiData', id: 2 },
        svrkitData: { type: 'SvrkitApiData', id: 4 },
        tokenData: { type: 'TokenApiData', id: 5 },
        appid: { type: 'string', id: 6 },
      },
      nested: { ApiType: { values: { OPEN_API: 0, INNER_API: 1, SVRKIT_API: 2, TOKEN_API: 3 } } },
    },
    HttpHeader: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
    CommOpenApiResp: {
      fields: {
        respData: { type: 'bytes', id: 1 },
        contentType: { type: 'string', id: 2 },
        errorCode: { type: 'int32', id: 3 },
        httpCode: { type: 'uint32', id: 4 },
        headers: { rule: 'repeated', type: 'HttpHeader', id: 5 },
        svrkitErrorCode: { type: 'int32', id: 6 },
      },
    },
  },
});

const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');

export interface DecodedOpenApiRequest {
  apiType: number;
  appid?: string;
  /** Each pair's value is JSON (JSONBigInt.stringify of the snake_cased argument); non-JSON stays a Buffer. */
  params: Record<string, unknown>;
}

export function decodeCommApiData(bytes: Uint8Array): DecodedOpenApiRequest {
  const message = CommApiData.toObject(CommApiData.decode(bytes), { defaults: true }) as {
    apiType: number;
    appid?: string;
    openapiData?: { pairs?: { key: string; value: Uint8Array; contenttype?: string }[] };
  };
  const params: Record<string, unknown> = {};
  for (const pair of message.openapiData?.pairs ?? []) {
    const buffer = Buffer.from(pair.value ?? []);
    if (pair.contenttype) {
      params[pair.key] = { contentType: pair.contenttype, value: buffer };
      continue;
    }
    try {
      params[pair.key] = JSON.parse(buffer.toString('utf8'));
    } catch {
      params[pair.key] = buffer;
    }
  }
  return { apiType: message.apiType, appid: message.appid || undefined, params };
}

export function encodeCommApiData(input: { params: Record<string, unknown>; appid?: string }): Uint8Array {
  const pairs = Object.entries(input.params).map(([key, value]) => ({ key, value: Buffer.from(JSON.stringify(value)) }));
  return CommApiData.encode(CommApiData.create({ apiType: 0, openapiData: { pairs }, appid: input.appid })).finish();
}

/** WeChat's JSON answer wrapped the way the CloudBase gateway does (contentType drives the SDK's JSON parse). */
export function encodeOpenApiJsonResp(json: unknown, httpCode = 200): Buffer {
  const message = CommOpenApiResp.create({
    respData: Buffer.from(JSON.stringify(json)),
    contentType: 'application/json; charset=utf-8',
    errorCode: 0,
    httpCode,
  });
  return Buffer.from(CommOpenApiResp.encode(message).finish());
}

export function decodeCommOpenApiResp(bytes: Uint8Array): { respData: Buffer; contentType: string; errorCode: number; httpCode: number } {
  const message = CommOpenApiResp.toObject(CommOpenApiResp.decode(bytes), { defaults: true }) as {
    respData: Uint8Array;
    contentType: string;
    errorCode: number;
    httpCode: number;
  };
  return { ...message, respData: Buffer.from(message.respData) };
}
