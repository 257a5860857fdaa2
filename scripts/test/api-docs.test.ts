import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { CONTRACT, defineFunction, emptyPayloadSchema, emptyResultSchema } from '@partner-desk/contract';
import { API_DOCS_PATH, contractFunctions, renderApiDocs } from '../generate-api-docs';

const FUNCTIONS_DIR = path.resolve(__dirname, '../../cloudfunctions');

describe('docs/api.md', () => {
  test('When the docs are regenerated from the contract, then they equal the committed docs/api.md (run `npm run docs:api` if not)', () => {
    expect(fs.readFileSync(API_DOCS_PATH, 'utf8')).toBe(renderApiDocs());
  });

  test('When the contract is compared with cloudfunctions/, then every contract function has a folder whose handler table names exactly its actions, and no other folder deploys but the platform\'s own (a timer or an HTTP path in cloudbaserc.json)', () => {
    const folders = fs
      .readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(FUNCTIONS_DIR, entry.name, 'index.ts')))
      .map((entry) => entry.name)
      .sort();
    // Functions the platform calls, not the app: timer triggers and HTTP access paths (the PC system's gateway).
    const rc = JSON.parse(fs.readFileSync(path.join(FUNCTIONS_DIR, '..', 'cloudbaserc.json'), 'utf8')) as { functions: { name: string; triggers?: unknown[] }[]; framework: { plugins: { functions: { inputs: { servicePaths: Record<string, string> } } } } };
    const platformOnly = [...rc.functions.filter((f) => f.triggers?.length).map((f) => f.name), ...Object.keys(rc.framework.plugins.functions.inputs.servicePaths)].filter((name) => !(name in CONTRACT));
    expect(platformOnly.sort()).toEqual(expect.arrayContaining(['pcGateway', 'sync']));
    expect(folders).toEqual([...Object.keys(CONTRACT), ...new Set(platformOnly)].sort());
    for (const name of folders.filter((f) => f in CONTRACT)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { handlers } = require(path.join(FUNCTIONS_DIR, name, 'index.ts')) as { handlers: Record<string, unknown> };
      expect([name, Object.keys(handlers).sort()]).toEqual([name, Object.keys(CONTRACT[name as keyof typeof CONTRACT].actions).sort()]);
    }
    const docs = renderApiDocs();
    for (const fn of contractFunctions()) for (const action of Object.keys(fn.spec.actions)) expect(docs).toContain(`### ${fn.name}.${action}`);
  });

  test('When an action has nested payload fields, a result and errors, then their field tables, access and error codes are rendered from the contract', () => {
    const demo = defineFunction('demo: things.', {
      importThings: {
        payload: z.object({ ownerId: z.string().min(1).max(64).describe('owner'), things: z.array(z.object({ code: z.string().regex(/^[A-Z]+$/), size: z.number().int().min(0).max(9).optional() })).max(5) }).strict(),
        result: z.strictObject({ done: z.number().int().describe('imported'), at: z.iso.datetime().nullable() }),
        access: 'console',
        summary: 'Imports things.',
        errors: { NOT_FOUND: 'owner missing' },
      },
      list: {
        payload: z.object({ page: z.number().int().min(1).default(1), when: z.enum(['a', 'b']).nullable().optional() }).strict(),
        result: z.discriminatedUnion('found', [z.strictObject({ found: z.literal(false) }), z.strictObject({ found: z.literal(true), items: z.array(z.strictObject({ id: z.string() })) })]),
        access: 'tenant',
        roles: ['admin'],
        summary: 'Lists.',
      },
      ping: { payload: emptyPayloadSchema, result: emptyResultSchema, access: 'public', summary: 'Pings.' },
    });
    const docs = renderApiDocs([{ name: 'demo', spec: demo }]);
    expect(docs).toContain('demo: things.');
    expect(docs).toContain('| `ownerId` | string | 是 | 长度 1–64 | owner |');
    expect(docs).toContain('| `things` | object[] | 是 | 0–5 项 | – |');
    expect(docs).toContain('| `things[].code` | string | 是 | 格式 `^[A-Z]+$` | – |');
    expect(docs).toContain('| `things[].size` | integer | 否 | 范围 0–9；整数 | – |');
    expect(docs).toContain('| `page` | integer | 否 | 范围 1–∞；整数；默认 1 | – |');
    expect(docs).toContain('| `when` | enum \\| null | 否 | 取值 "a" / "b"；可为 null | – |');
    expect(docs).toContain('**成功时 data**\n\n| 字段 | 类型 | 必有 | 约束 | 说明 |\n|---|---|---|---|---|\n| `done` | integer | 是 | 整数 | imported |\n| `at` | string (date-time) \\| null | 是 | 可为 null | – |');
    expect(docs).toContain('| NOT_FOUND | owner missing |');
    expect(docs).toMatch(/demo\.importThings[\s\S]*PERMISSION_DENIED \| 调用方是终端用户/);
    expect(docs).toMatch(/demo\.list[\s\S]*以下形状之一：[\s\S]*\| `found` \| 常量 false \|[\s\S]*\| `items\[\]\.id` \| string \| 是 \|/);
    expect(docs).toMatch(/demo\.list[\s\S]*UNAUTHENTICATED[\s\S]*PERMISSION_DENIED \| 仅限角色：admin/);
    expect(docs).toMatch(/### demo\.ping\n\nPings\.[\s\S]*无参数[\s\S]*\*\*成功时 data\*\*\n\n`\{\}`/);
  });
});
