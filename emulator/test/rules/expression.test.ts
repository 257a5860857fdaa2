import { evaluateRule, type EvalContext } from '../../src/rules/evaluate';
import { parseRuleExpression, RuleSyntaxError } from '../../src/rules/expression';

/** The rule language on concrete documents: operators, literals, member access, get(). */

function ctx(over: Partial<EvalContext> = {}): EvalContext {
  return {
    auth: { uid: 'u1', openid: undefined, loginType: 'ANONYMOUS' },
    doc: { kind: 'concrete', doc: { _openid: 'u1', n: 5, tags: ['a', 'b'], nested: { k: 'v' }, at: new Date(1000) } },
    now: 2000,
    get: async () => null,
    ...over,
  };
}

const run = (source: string, over?: Partial<EvalContext>) => evaluateRule(parseRuleExpression(source), ctx(over));

describe('rule expressions', () => {
  test.each([
    ['true', true],
    ['false', false],
    ['doc._openid == auth.uid', true],
    ['doc._openid != auth.uid', false],
    ['doc._openid == auth.openid || doc._openid == auth.uid', true],
    ['doc._openid == auth.openid && doc._openid == auth.uid', false],
    ['doc.n > 4 && doc.n >= 5 && doc.n < 6 && doc.n <= 5', true],
    ['doc.n > 5', false],
    ["'a' in doc.tags", true],
    ["'z' in doc.tags", false],
    ["doc.nested.k == 'v'", true],
    ["doc['nested'].k == \"v\"", true],
    ['!(doc.n == 5)', false],
    ['auth != null', true],
    ["auth.loginType == 'ANONYMOUS'", true],
    ['doc.at < now', true],
    ['doc.n in [1, 5, 9]', true],
    ['doc.n + 1 == 6', true],
  ])('%s → %s', async (source, expected) => {
    expect(await run(source)).toBe(expected);
  });

  test('When nobody is signed in, then auth is null and an owner rule is false', async () => {
    expect(await run('auth == null', { auth: null })).toBe(true);
    expect(await run('doc._openid == auth.openid || doc._openid == auth.uid', { auth: null })).toBe(false);
  });

  test('When a field is missing, then it equals nothing (not even null), so a doc without _openid has no owner', async () => {
    const doc = { kind: 'concrete' as const, doc: {} };
    expect(await run('doc._openid == auth.openid', { doc, auth: { loginType: 'WECHAT' } })).toBe(false);
    expect(await run('doc.missing == null', { doc })).toBe(false);
  });

  test('When a rule calls get(), then it reads the named document', async () => {
    const paths: string[] = [];
    const get = async (path: string) => {
      paths.push(path);
      return path === 'database.members.u1' ? { role: 'admin' } : null;
    };
    expect(await run("get('database.members.' + auth.uid).role == 'admin'", { get })).toBe(true);
    expect(await run("get('database.members.nobody').role == 'admin'", { get })).toBe(false);
    expect(paths).toEqual(['database.members.u1', 'database.members.nobody']);
  });

  test('When the rule is not in the language, then parsing fails instead of running anything', () => {
    for (const bad of ['doc._openid = 1', 'process.exit()', 'doc.', "'unterminated", 'a ? b : c', '1 +']) {
      expect(() => parseRuleExpression(bad)).toThrow(RuleSyntaxError);
    }
  });

  test('When a rule names something other than auth, doc, now or get, then evaluating it fails', async () => {
    await expect(run('globalThis.x == 1')).rejects.toThrow(RuleSyntaxError);
    await expect(run("require('fs') == 1")).rejects.toThrow(RuleSyntaxError);
  });
});
