/**
 * Evaluates a parsed rule expression. Two views of `doc`:
 *  - a concrete document (single-document checks: creates, watch events);
 *  - the fields a client QUERY pins by equality (CloudBase's "the query must be a subset of the rule"):
 *    `doc.f` is then the pinned value, or UNKNOWN when the query leaves f open. Logic is three-valued
 *    (Kleene): UNKNOWN || true is true, UNKNOWN && false is false, anything else touching UNKNOWN stays
 *    UNKNOWN, and only a definite true allows the request. So a rule holds for every document the query can
 *    match exactly when it evaluates to true here.
 * `undefined` (a missing field, auth.uid of a WeChat caller) never equals anything, not even null, so a
 * missing _openid can never satisfy an owner rule.
 */
import type { Doc } from '../types';
import { RuleSyntaxError, type Expr } from './expression';

export const UNKNOWN: unique symbol = Symbol('unknown');
type Value = unknown;

export type DocView = { kind: 'concrete'; doc: Doc } | { kind: 'pinned'; pins: Map<string, unknown> };

export interface EvalContext {
  /** `auth` in the rule: { openid, uid, loginType } or null when not signed in. */
  auth: Record<string, unknown> | null;
  doc: DocView;
  /** `resource` in a storage rule: { openid, path } of the file acted on; database rules have none. */
  resource?: Record<string, unknown>;
  now: number;
  /** get('database.<collection>.<id>'): the stored document or null. */
  get(path: string): Promise<Doc | null>;
}

export async function evaluateRule(expr: Expr, ctx: EvalContext): Promise<boolean> {
  const value = await evaluate(expr, ctx);
  return value !== UNKNOWN && truthy(value);
}

function truthy(value: Value): boolean {
  return !!value;
}

/** `doc.a.b` → "a.b" when the member chain is rooted at `doc`; undefined otherwise. */
function docPath(expr: Expr): string | undefined {
  if (expr.kind === 'member') {
    const parent = expr.object.kind === 'identifier' && expr.object.name === 'doc' ? '' : docPath(expr.object);
    if (parent === undefined) return undefined;
    return parent ? `${parent}.${expr.property}` : expr.property;
  }
  return undefined;
}

function walk(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function pinnedValue(pins: Map<string, unknown>, path: string): Value {
  if (pins.has(path)) return pins.get(path);
  const parts = path.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const prefix = parts.slice(0, i).join('.');
    if (pins.has(prefix)) return walk(pins.get(prefix), parts.slice(i));
  }
  return UNKNOWN;
}

async function evaluate(expr: Expr, ctx: EvalContext): Promise<Value> {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'array':
      return Promise.all(expr.items.map((item) => evaluate(item, ctx)));
    case 'identifier':
      if (expr.name === 'auth') return ctx.auth;
      if (expr.name === 'now') return ctx.now;
      if (expr.name === 'doc') return ctx.doc.kind === 'concrete' ? ctx.doc.doc : UNKNOWN;
      if (expr.name === 'resource' && ctx.resource) return ctx.resource;
      throw new RuleSyntaxError(`unknown name '${expr.name}' in rule`);
    case 'member': {
      const path = docPath(expr);
      if (path !== undefined) {
        return ctx.doc.kind === 'concrete' ? walk(ctx.doc.doc, path.split('.')) : pinnedValue(ctx.doc.pins, path);
      }
      const object = await evaluate(expr.object, ctx);
      if (object === UNKNOWN) return UNKNOWN;
      return walk(object, [expr.property]);
    }
    case 'call': {
      if (expr.callee !== 'get' || expr.args.length !== 1) throw new RuleSyntaxError(`unsupported function ${expr.callee}() in rule`);
      const path = await evaluate(expr.args[0], ctx);
      if (path === UNKNOWN) return UNKNOWN;
      if (typeof path !== 'string') return null;
      return ctx.get(path);
    }
    case 'regex':
      return expr.regex;
    case 'method': {
      if (expr.method !== 'test' || expr.args.length !== 1) throw new RuleSyntaxError(`unsupported method .${expr.method}() in rule (only a regular expression's test(text))`);
      const [target, text] = await Promise.all([evaluate(expr.object, ctx), evaluate(expr.args[0], ctx)]);
      if (target === UNKNOWN || text === UNKNOWN) return UNKNOWN;
      if (!(target instanceof RegExp)) throw new RuleSyntaxError('.test() is a method of a regular expression literal (/…/.test(text))');
      // A missing value never matches, as it never equals anything.
      return typeof text === 'string' && target.test(text);
    }
    case 'unary': {
      const operand = await evaluate(expr.operand, ctx);
      return operand === UNKNOWN ? UNKNOWN : !truthy(operand);
    }
    case 'binary':
      return evaluateBinary(expr.op, expr.left, expr.right, ctx);
  }
}

async function evaluateBinary(op: string, leftExpr: Expr, rightExpr: Expr, ctx: EvalContext): Promise<Value> {
  const left = await evaluate(leftExpr, ctx);
  if (op === '&&') {
    if (left !== UNKNOWN && !truthy(left)) return false;
    const right = await evaluate(rightExpr, ctx);
    if (right !== UNKNOWN && !truthy(right)) return false;
    return left === UNKNOWN || right === UNKNOWN ? UNKNOWN : true;
  }
  if (op === '||') {
    if (left !== UNKNOWN && truthy(left)) return true;
    const right = await evaluate(rightExpr, ctx);
    if (right !== UNKNOWN && truthy(right)) return true;
    return left === UNKNOWN || right === UNKNOWN ? UNKNOWN : false;
  }
  const right = await evaluate(rightExpr, ctx);
  if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN;
  switch (op) {
    case '==':
      return equals(left, right);
    case '!=':
      return !equals(left, right);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(op, left, right);
    case 'in':
      if (Array.isArray(right)) return right.some((item) => equals(left, item));
      if (right && typeof right === 'object' && typeof left === 'string') return left in right;
      return false;
    case '+':
      if (typeof left === 'number' && typeof right === 'number') return left + right;
      return `${stringOf(left)}${stringOf(right)}`;
  }
  throw new RuleSyntaxError(`unsupported operator ${op}`);
}

function stringOf(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function equals(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return false;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

function comparable(value: unknown): number | string | undefined {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof Date) return value.getTime();
  return undefined;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  const x = comparable(a);
  const y = comparable(b);
  if (x === undefined || y === undefined || typeof x !== typeof y) return false;
  if (op === '<') return x < y;
  if (op === '<=') return x <= y;
  if (op === '>') return x > y;
  return x >= y;
}
