import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { CONTRACT, DEFAULT_MESSAGES, ERROR_CODES, LABELS, type ActionSpec, type ErrorCode, type FunctionSpec } from '@partner-desk/contract';

/**
 * docs/api.md from the contract (packages/contract): every function of the action table with each
 * action's payload and result (field tables from their zod schemas), who may call it and its error codes.
 * `npm run docs:api` rewrites the file; scripts/test/api-docs.test.ts fails when the committed file is stale.
 */

const ROOT = path.resolve(__dirname, '..');
export const API_DOCS_PATH = path.join(ROOT, 'docs', 'api.md');

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
  additionalProperties?: unknown;
};

interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  constraints: string;
  description: string;
}

const ERROR_MEANINGS: Record<ErrorCode, string> = {
  INVALID_ARGUMENT: '请求格式或参数不合法（details 为 [{ path, message }]）；数据库未做任何修改',
  UNAUTHENTICATED: '当前微信/网页身份未登录、会话已过期，或账号密码错误',
  PERMISSION_DENIED: '身份有效但无权执行（角色不符、账号停用、非控制台调用 admin）',
  NOT_FOUND: '记录不存在，或属于其他服务商（两者不可区分）',
  CONFLICT: '与现有数据冲突（名称/账号重复、并发修改）',
  FAILED_PRECONDITION: '当前状态不允许此操作（如原密码不正确、工单已解决）',
  RATE_LIMITED: '操作过于频繁或已被临时锁定（details 可含解锁时间）',
  UNSUPPORTED_ACTION: 'action 名称不存在',
  INTERNAL: '服务内部错误；不含内部细节，请稍后重试',
};

const ACCESS_TEXT = {
  public: '无需事先登录（对调用方身份的要求见错误码）',
  tenant: '已登录的服务商用户（会话由调用方的 OPENID / uid 解析，不取自 payload）',
  console: '仅管理控制台（无终端用户身份的调用）；微信与网页调用一律 PERMISSION_DENIED',
} as const;

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const SAFE_INT = 9007199254740991;

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return `常量 ${JSON.stringify(schema.const)}`;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return [...new Set(variants.map(typeOf))].join(' | ');
  if (schema.enum) return 'enum';
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (type === 'array') return `${schema.items ? typeOf(schema.items) : 'any'}[]`;
  if (type === 'string' && schema.format) return `string (${schema.format})`;
  return type ?? 'any';
}

function constraintsOf(schema: JsonSchema): string {
  const parts: string[] = [];
  for (const variant of schema.anyOf ?? schema.oneOf ?? []) if (variant.type !== 'null') parts.push(constraintsOf(variant));
  if (schema.enum) parts.push(`取值 ${schema.enum.map((v) => JSON.stringify(v)).join(' / ')}`);
  if (schema.minLength !== undefined || schema.maxLength !== undefined) parts.push(`长度 ${schema.minLength ?? 0}–${schema.maxLength ?? '∞'}`);
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum ?? schema.exclusiveMaximum;
  if ((min !== undefined && Math.abs(min) !== SAFE_INT) || (max !== undefined && Math.abs(max) !== SAFE_INT)) {
    parts.push(`范围 ${min !== undefined && Math.abs(min) !== SAFE_INT ? min : '−∞'}–${max !== undefined && Math.abs(max) !== SAFE_INT ? max : '∞'}`);
  }
  if (schema.type === 'integer') parts.push('整数');
  if (schema.minItems !== undefined || schema.maxItems !== undefined) parts.push(`${schema.minItems ?? 0}–${schema.maxItems ?? '∞'} 项`);
  // A format (email, date, date-time) already says what its generated pattern says, in fewer words.
  if (schema.pattern && !schema.format) parts.push(`格式 \`${schema.pattern}\``);
  if (schema.default !== undefined) parts.push(`默认 ${JSON.stringify(schema.default)}`);
  if ((schema.anyOf ?? schema.oneOf)?.some((v) => v.type === 'null')) parts.push('可为 null');
  return parts.filter(Boolean).join('；');
}

function objectBranch(schema: JsonSchema): JsonSchema | undefined {
  if (schema.properties) return schema;
  if (schema.items?.properties) return schema.items;
  return undefined;
}

function flattenFields(schema: JsonSchema, prefix = ''): FieldRow[] {
  const rows: FieldRow[] = [];
  const required = new Set(schema.required ?? []);
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const name = `${prefix}${key}`;
    rows.push({ name, type: typeOf(property), required: required.has(key), constraints: constraintsOf(property), description: property.description ?? '' });
    const nested = objectBranch(property);
    if (nested) rows.push(...flattenFields(nested, property.items ? `${name}[].` : `${name}.`));
  }
  return rows;
}

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema | string {
  try {
    return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  } catch (err) {
    return `_（无法从 schema 生成字段表：${(err as Error).message}）_`;
  }
}

function fieldTable(json: JsonSchema, presence: string): string {
  const lines = [`| 字段 | 类型 | ${presence} | 约束 | 说明 |`, '|---|---|---|---|---|'];
  for (const row of flattenFields(json)) lines.push(`| \`${row.name}\` | ${escapeCell(row.type)} | ${row.required ? '是' : '否'} | ${escapeCell(row.constraints) || '–'} | ${escapeCell(row.description) || '–'} |`);
  return lines.join('\n');
}

function payloadSection(schema: z.ZodType): string {
  const json = toJsonSchema(schema, 'input');
  if (typeof json === 'string') return json;
  if (flattenFields(json).length === 0) return '无参数（传 `{}` 或省略 payload）。';
  const table = fieldTable(json, '必填');
  return json.additionalProperties === false ? `${table}\n\n不接受未列出的字段（多余字段 → INVALID_ARGUMENT）。` : table;
}

/** The `data` of a success: one field table, or one per shape when the result is a union (e.g. auth.wxLogin). */
function resultSection(schema: z.ZodType): string {
  const json = toJsonSchema(schema, 'output');
  if (typeof json === 'string') return json;
  const variants = json.anyOf ?? json.oneOf;
  if (variants?.every((variant) => variant.properties)) {
    return ['以下形状之一：', ...variants.map((variant, i) => `形状 ${i + 1}：\n\n${fieldTable(variant, '必有')}`)].join('\n\n');
  }
  if (flattenFields(json).length === 0) return '`{}`';
  return fieldTable(json, '必有');
}

function errorsFor(action: ActionSpec): [ErrorCode, string][] {
  const errors = new Map<ErrorCode, string>([['INVALID_ARGUMENT', 'payload 不符合上表']]);
  if (action.access === 'tenant') errors.set('UNAUTHENTICATED', '未登录或会话已过期');
  if (action.roles?.length) errors.set('PERMISSION_DENIED', `仅限角色：${action.roles.join(' / ')}`);
  if (action.access === 'console') errors.set('PERMISSION_DENIED', '调用方是终端用户（微信或网页）');
  for (const [code, text] of Object.entries(action.errors ?? {}) as [ErrorCode, string][]) {
    // The generic causes stay listed; the action's own words come after them.
    const generic = errors.get(code);
    errors.set(code, generic && generic !== text ? `${generic}；${text}` : text);
  }
  return [...errors.entries()].sort(([a], [b]) => ERROR_CODES.indexOf(a) - ERROR_CODES.indexOf(b));
}

function renderAction(functionName: string, actionName: string, action: ActionSpec): string {
  const parts = [`### ${functionName}.${actionName}`, ''];
  parts.push(action.summary, '');
  parts.push(`- 调用：\`callFunction({ name: '${functionName}', data: { action: '${actionName}', payload } })\``);
  parts.push(`- 调用方：${ACCESS_TEXT[action.access]}${action.roles?.length ? `；角色 ${action.roles.join(' / ')}` : ''}`, '');
  parts.push('**payload**', '', payloadSection(action.payload), '');
  parts.push('**成功时 data**', '', resultSection(action.result), '');
  parts.push('**错误码**', '', '| code | 何时 |', '|---|---|');
  for (const [code, text] of errorsFor(action)) parts.push(`| ${code} | ${escapeCell(text)} |`);
  return parts.join('\n');
}

export interface FunctionEntry {
  name: string;
  spec: FunctionSpec;
}

/** The contract's functions, alphabetically (the order readers look them up in). */
export function contractFunctions(contract: Record<string, FunctionSpec> = CONTRACT): FunctionEntry[] {
  return Object.entries(contract)
    .map(([name, spec]) => ({ name, spec }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function renderPreamble(functions: FunctionEntry[]): string {
  const lines = [
    '# Partner Desk API（云函数 action 参考）',
    '',
    '> 本文件由 `scripts/generate-api-docs.ts` 从契约包 `packages/contract`（action 表与 payload / 结果的 zod schema）生成，请勿手改；修改契约后运行 `npm run docs:api`（`scripts/test/api-docs.test.ts` 会检查它是否最新）。小程序经 `@partner-desk/cloud-client` 的 `callCloud(函数, action, payload)` 调用，参数与结果的类型来自同一契约。',
    '',
    '## 调用约定',
    '',
    '```js',
    "wx.cloud.callFunction({ name: '<function>', data: { action: '<action>', payload: { /* ... */ } } })",
    '```',
    '',
    '返回值始终是以下两种之一：',
    '',
    '```ts',
    '{ ok: true, data: { ... } }',
    '{ ok: false, error: { code, message, details? } }   // message 为中文，可直接展示',
    '```',
    '',
    '- **身份**来自调用上下文（小程序为 OPENID，网页为 CloudBase uid），从不取自 payload；`auth.login` 把该身份绑定到账号，之后的调用凭它解析会话（7 天滑动过期，`auth.refresh` 续期）。',
    '- **租户隔离**：服务商只能看到自己的数据；属于其他服务商的 id 与不存在的 id 一样返回 NOT_FOUND。',
    '- **分页**：`page` 从 1 开始，`pageSize` 1–50（默认 20）；列表返回 `{ <items>, total, page, pageSize }`。',
    '- **时间**：线上传输一律为 ISO-8601 字符串；“天”按北京时间（Asia/Shanghai）计算。',
    '- **敏感字段**（手机号、邮箱、联系人）加密存储，返回时脱敏。',
    '',
    '## 错误码',
    '',
    '| code | 含义 | 默认提示 |',
    '|---|---|---|',
    ...ERROR_CODES.map((code) => `| ${code} | ${ERROR_MEANINGS[code]} | ${DEFAULT_MESSAGES[code]} |`),
    '',
    '## 枚举',
    '',
    '| 枚举 | 取值（中文） |',
    '|---|---|',
    ...Object.entries(LABELS).map(([name, labels]) => `| ${name} | ${Object.entries(labels).map(([value, label]) => `\`${value}\` ${label}`).join('，')} |`),
    '',
    '## 目录',
    '',
  ];
  for (const fn of functions) {
    const actionNames = Object.keys(fn.spec.actions);
    lines.push(`- **${fn.name}**：${actionNames.map((a) => `[${a}](#${`${fn.name}${a}`.toLowerCase()})`).join('、')}`);
  }
  return lines.join('\n');
}

export function renderApiDocs(functions: FunctionEntry[] = contractFunctions()): string {
  const sections = [renderPreamble(functions)];
  for (const fn of functions) {
    const parts = [`## ${fn.name}`, '', fn.spec.description, ''];
    parts.push(Object.entries(fn.spec.actions).map(([name, action]) => renderAction(fn.name, name, action)).join('\n\n'));
    sections.push(parts.join('\n'));
  }
  return `${sections.join('\n\n')}\n`;
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(API_DOCS_PATH), { recursive: true });
  fs.writeFileSync(API_DOCS_PATH, renderApiDocs());
  console.log(`wrote ${path.relative(ROOT, API_DOCS_PATH)}`);
}
