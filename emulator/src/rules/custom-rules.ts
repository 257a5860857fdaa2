/**
 * Custom security rules (安全规则, aclTag CUSTOM with aclRule): `{ read, write, create?, update?,
 * delete? }` whose values are booleans or expressions (see expression.ts); create/update/delete fall back
 * to write, a missing key denies, so `{}` denies everything (CloudBase docs: docs.cloudbase.net/database/
 * security-rules; cloud.tencent.com/document/product/876/41802 "默认值 false"). Reads, updates and deletes
 * are checked statically: "前端查询条件必须是安全规则的子集，否则访问被拒绝" — the query must be a subset
 * of the rule (evaluate.ts explains how); creates are checked against the new document.
 */
import { RuleSyntaxError, parseRuleExpression, type Expr } from './expression';
import type { ClientOperation } from '../types';

export type Check = boolean | Expr;
export type CompiledRule = Record<ClientOperation, Check>;

function compileCheck(value: unknown, where: string): Check {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
    return parseRuleExpression(trimmed);
  }
  throw new RuleSyntaxError(`security rule ${where} must be a boolean or an expression string`);
}

export function compileRule(rule: Record<string, unknown>, collection = '?'): CompiledRule {
  const write = rule.write;
  return {
    read: compileCheck(rule.read, `${collection}.read`),
    create: compileCheck(rule.create ?? write, `${collection}.create`),
    update: compileCheck(rule.update ?? write, `${collection}.update`),
    delete: compileCheck(rule.delete ?? write, `${collection}.delete`),
  };
}
