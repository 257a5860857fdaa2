import * as z from 'zod';
import { defineFunction, emptyPayloadSchema } from '@partner-desk/contract';
import { AppError, createRouter, type CallerContext, type HandlersOf, type ResolvedSession } from '../src';

const consoleCaller: CallerContext = { isConsole: true };
const wechatCaller: CallerContext = { openId: 'o-1', isConsole: false };

/** A contract of one of each access kind, so the router can be tested without the product's functions. */
const demo = defineFunction('demo', {
  greet: { payload: z.object({ name: z.string().max(10) }).strict(), result: z.strictObject({ hello: z.string() }), access: 'public', summary: 'greets' },
  wipe: { payload: emptyPayloadSchema, result: z.strictObject({ wiped: z.boolean() }), access: 'console', summary: 'console only' },
  rename: { payload: z.object({ to: z.string() }).strict(), result: z.strictObject({ by: z.string() }), access: 'tenant', roles: ['admin'], summary: 'admins only' },
  rows: {
    payload: z.object({ rows: z.array(z.number()) }).strict(),
    edgePayload: z.object({ rows: z.array(z.unknown()) }).strict(),
    result: z.strictObject({ count: z.number() }),
    access: 'public',
    summary: 'rows checked one by one',
  },
});

function session(role: 'admin' | 'agent', slid: string[]): ResolvedSession {
  return { sessionId: 'wx:o-1', serviceProviderId: 'sp_1', userId: 'u_1', userName: '张三', role, expiresAt: new Date(), slide: async () => void slid.push('slid') };
}

function routerWith(overrides: Partial<HandlersOf<typeof demo>> = {}, options: { caller?: CallerContext; role?: 'admin' | 'agent' } = {}) {
  const errors: unknown[] = [];
  const slid: string[] = [];
  const handlers: HandlersOf<typeof demo> = {
    greet: async (p) => ({ hello: p.name }),
    wipe: async () => ({ wiped: true }),
    rename: async (p, s) => ({ by: `${s.userName}→${p.to}` }),
    rows: async (p) => ({ count: p.rows.length }),
    ...overrides,
  };
  const main = createRouter(demo, handlers, {
    resolveCaller: () => options.caller ?? consoleCaller,
    resolveSession: async () => session(options.role ?? 'admin', slid),
    logError: (err) => errors.push(err),
  });
  return { main, errors, slid };
}

describe('createRouter', () => {
  test('When the payload is valid, then the handler result is wrapped as ok', async () => {
    const { main } = routerWith();
    await expect(main({ action: 'greet', payload: { name: '张三' } })).resolves.toEqual({ ok: true, data: { hello: '张三' } });
  });

  test('When the payload breaks the schema, then INVALID_ARGUMENT lists the field and the handler never runs', async () => {
    let ran = false;
    const { main } = routerWith({ greet: async () => ((ran = true), { hello: '' }) });
    const result = await main({ action: 'greet', payload: { name: { $ne: null } } });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', details: [{ path: 'name' }] } });
    expect(ran).toBe(false);
  });

  test('When the envelope is not { action, payload }, then INVALID_ARGUMENT says so', async () => {
    const { main } = routerWith();
    for (const event of [null, 'greet', { payload: {} }, { action: 'x'.repeat(65) }]) {
      await expect(main(event)).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: '请求格式不正确：需要 action 与 payload' } });
    }
  });

  test('When the action is unknown or inherited from Object, then UNSUPPORTED_ACTION', async () => {
    const { main } = routerWith();
    for (const action of ['nope', 'toString', '__proto__', 'constructor']) {
      await expect(main({ action, payload: {} })).resolves.toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_ACTION', message: `不支持的操作：${action}` } });
    }
  });

  test('When the handler throws an AppError, then its code and message are answered', async () => {
    const { main } = routerWith({
      greet: async () => {
        throw new AppError('NOT_FOUND', '客户不存在');
      },
    });
    await expect(main({ action: 'greet', payload: { name: 'a' } })).resolves.toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '客户不存在' } });
  });

  test('When the handler throws anything else, then INTERNAL hides the message and the error is logged', async () => {
    const { main, errors } = routerWith({
      greet: async () => {
        throw new TypeError('secret internals at /srv/app.js:1');
      },
    });
    const result = await main({ action: 'greet', payload: { name: 'a' } });
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: '服务暂时不可用，请稍后再试' } });
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(errors).toHaveLength(1);
  });

  test('When a console action is called by a WeChat user, then PERMISSION_DENIED; by the console, it runs', async () => {
    await expect(routerWith({}, { caller: wechatCaller }).main({ action: 'wipe' })).resolves.toEqual({ ok: false, error: { code: 'PERMISSION_DENIED', message: '仅限管理控制台调用' } });
    await expect(routerWith({}, { caller: consoleCaller }).main({ action: 'wipe' })).resolves.toEqual({ ok: true, data: { wiped: true } });
  });

  test('When a tenant action is called, then the handler gets the session, the session slides, and a role outside the contract is refused', async () => {
    const admin = routerWith({}, { caller: wechatCaller, role: 'admin' });
    await expect(admin.main({ action: 'rename', payload: { to: '李四' } })).resolves.toEqual({ ok: true, data: { by: '张三→李四' } });
    expect(admin.slid).toEqual(['slid']);
    const agent = routerWith({}, { caller: wechatCaller, role: 'agent' });
    await expect(agent.main({ action: 'rename', payload: { to: '李四' } })).resolves.toEqual({ ok: false, error: { code: 'PERMISSION_DENIED', message: '当前角色无权执行此操作' } });
    expect(agent.slid).toEqual([]);
  });

  test('When an action has an edge schema, then the router parses with it (rows reach the handler to be checked one by one)', async () => {
    const { main } = routerWith();
    await expect(main({ action: 'rows', payload: { rows: [1, 'two', { three: 3 }] } })).resolves.toEqual({ ok: true, data: { count: 3 } });
    await expect(main({ action: 'rows', payload: { rows: 'none' } })).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  test('When the handler table does not match the contract, then the router refuses to start', () => {
    const handlers = { greet: async () => ({ hello: '' }), wipe: async () => ({ wiped: true }), rename: async () => ({ by: '' }), extra: async () => ({}) };
    expect(() => createRouter(demo, handlers as unknown as HandlersOf<typeof demo>, { resolveCaller: () => consoleCaller })).toThrow('handler table does not match the contract: missing [rows], unknown [extra]');
  });
});
