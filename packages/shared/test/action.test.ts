import { z } from 'zod';
import { AppError, createRouter, defineAction, type CallerContext } from '../src';

const console$: CallerContext = { isConsole: true };

function routerWith(handler: (p: { name: string }) => Promise<unknown>) {
  const errors: unknown[] = [];
  const main = createRouter(
    { greet: defineAction(z.object({ name: z.string().max(10) }).strict(), handler) },
    { resolveCaller: () => console$, logError: (err) => errors.push(err) },
  );
  return { main, errors };
}

describe('createRouter', () => {
  test('When the payload is valid, then the handler result is wrapped as ok', async () => {
    const { main } = routerWith(async (p) => ({ hello: p.name }));
    await expect(main({ action: 'greet', payload: { name: '张三' } })).resolves.toEqual({ ok: true, data: { hello: '张三' } });
  });

  test('When the payload breaks the schema, then INVALID_ARGUMENT lists the field', async () => {
    const { main } = routerWith(async () => 'unreachable');
    const result = await main({ action: 'greet', payload: { name: { $ne: null } } });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', details: [{ path: 'name' }] } });
  });

  test('When the action is unknown or inherited from Object, then UNSUPPORTED_ACTION', async () => {
    const { main } = routerWith(async () => 'unreachable');
    for (const action of ['nope', 'toString', '__proto__']) {
      await expect(main({ action, payload: {} })).resolves.toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_ACTION' } });
    }
  });

  test('When the handler throws an AppError, then its code and message are answered', async () => {
    const { main } = routerWith(async () => {
      throw new AppError('NOT_FOUND', '客户不存在');
    });
    await expect(main({ action: 'greet', payload: { name: 'a' } })).resolves.toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '客户不存在' } });
  });

  test('When the handler throws anything else, then INTERNAL hides the message and the error is logged', async () => {
    const { main, errors } = routerWith(async () => {
      throw new TypeError('secret internals at /srv/app.js:1');
    });
    const result = await main({ action: 'greet', payload: { name: 'a' } });
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(errors).toHaveLength(1);
  });
});
