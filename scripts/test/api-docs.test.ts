import fs from 'node:fs';
import { z } from 'zod';
import { defineAction, defineConsoleAction, defineTenantAction } from '@partner-desk/shared';
import { API_DOCS_PATH, loadFunctions, renderApiDocs } from '../generate-api-docs';

describe('docs/api.md', () => {
  test('When the docs are regenerated from the action tables, then they equal the committed docs/api.md (run `npx tsx scripts/generate-api-docs.ts` if not)', () => {
    expect(fs.readFileSync(API_DOCS_PATH, 'utf8')).toBe(renderApiDocs());
  });

  test('When the generator lists functions, then every cloudfunctions/<name>/index.ts with an actions table appears with each action', () => {
    const functions = loadFunctions();
    const names = functions.map((fn) => fn.name);
    for (const name of ['auth', 'profile', 'admin', 'health']) expect(names).toContain(name);
    expect(names).not.toContain('test-support');
    const docs = renderApiDocs(functions);
    for (const fn of functions) for (const action of Object.keys(fn.actions ?? {})) expect(docs).toContain(`### ${fn.name}.${action}`);
  });

  test('When an action has nested payload fields and a doc, then the field table, access and error codes are rendered from them', () => {
    const actions = {
      importThings: defineConsoleAction(
        z.object({ ownerId: z.string().min(1).max(64).describe('owner'), things: z.array(z.object({ code: z.string().regex(/^[A-Z]+$/), size: z.number().int().min(0).max(9).optional() })).max(5) }).strict(),
        async () => ({ done: 1 }),
        { summary: 'Imports things.', result: '{ done }', errors: { NOT_FOUND: 'owner missing' } },
      ),
      list: defineTenantAction(z.object({ page: z.number().int().min(1).default(1), when: z.enum(['a', 'b']).nullable().optional() }).strict(), async () => ({}), { roles: ['admin'] }),
      ping: defineAction(z.object({}).strict(), async () => ({})),
    };
    const docs = renderApiDocs([{ name: 'demo', description: 'demo: things.', actions }]);
    expect(docs).toContain('demo: things.');
    expect(docs).toContain('| `ownerId` | string | 是 | 长度 1–64 | owner |');
    expect(docs).toContain('| `things` | object[] | 是 | 0–5 项 | – |');
    expect(docs).toContain('| `things[].code` | string | 是 | 格式 `^[A-Z]+$` | – |');
    expect(docs).toContain('| `things[].size` | integer | 否 | 范围 0–9；整数 | – |');
    expect(docs).toContain('| `page` | integer | 否 | 范围 1–∞；整数；默认 1 | – |');
    expect(docs).toContain('| `when` | enum \\| null | 否 | 取值 "a" / "b"；可为 null | – |');
    expect(docs).toContain('- 成功时 data：`{ done }`');
    expect(docs).toContain('| NOT_FOUND | owner missing |');
    expect(docs).toMatch(/demo\.importThings[\s\S]*PERMISSION_DENIED \| 调用方是终端用户/);
    expect(docs).toMatch(/demo\.list[\s\S]*UNAUTHENTICATED[\s\S]*PERMISSION_DENIED \| 仅限角色：admin/);
    expect(docs).toMatch(/### demo\.ping\n\n_（尚无说明[\s\S]*无参数/);
  });
});
