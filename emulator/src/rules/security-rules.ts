/**
 * The database security rules of the declared collections, applied to client (web / WeChat) traffic.
 * A rule is `{ read, write, create?, update?, delete? }` whose values are booleans or expressions (see
 * expression.ts); create/update/delete fall back to write; a missing key denies, so `{}` denies everything.
 * Reads, updates and deletes are checked statically, as CloudBase does: the query must be a subset of the
 * rule (evaluate.ts explains how); creates are checked against the new document.
 */
import { DatabaseError, type ClientAuth, type ClientOperation, type CollectionDeclaration, type DatabaseEngine, type Doc, type SecurityRulesEngine } from '../types';
import { evaluateRule, type DocView } from './evaluate';
import { parseRuleExpression, type Expr } from './expression';
import { pinnedBranches, replaceOpenidPlaceholder } from './query-pins';
import { customRuleOf } from './simple-modes';

type Check = boolean | Expr;
type CompiledRule = Record<ClientOperation, Check>;

const DENY_ALL: CompiledRule = { read: false, create: false, update: false, delete: false };

export function permissionDenied(): DatabaseError {
  return new DatabaseError('DATABASE_PERMISSION_DENIED', 'Permission denied');
}

function compileCheck(value: unknown, where: string): Check {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
    return parseRuleExpression(trimmed);
  }
  throw new Error(`security rule ${where} must be a boolean or an expression string`);
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

export class SecurityRules implements SecurityRulesEngine {
  private readonly rules = new Map<string, CompiledRule>();

  constructor(
    collections: CollectionDeclaration[],
    private readonly database: DatabaseEngine,
    private readonly clock: () => number = Date.now,
  ) {
    // Parsed up front so a malformed rule fails at startup, not on the first client request.
    for (const c of collections) this.rules.set(c.name, compileRule(customRuleOf(c.rule), c.name));
  }

  async authorizeQuery(collection: string, filter: Doc, auth: ClientAuth | null, operation: ClientOperation): Promise<Doc> {
    const replaced = replaceOpenidPlaceholder(filter, auth);
    const check = this.checkFor(collection, operation);
    if (check === true) return replaced;
    if (check === false) throw permissionDenied();
    for (const pins of pinnedBranches(replaced)) {
      if (!(await this.allows(check, auth, { kind: 'pinned', pins }))) throw permissionDenied();
    }
    return replaced;
  }

  async canRead(collection: string, doc: Doc, auth: ClientAuth | null): Promise<boolean> {
    const check = this.checkFor(collection, 'read');
    return typeof check === 'boolean' ? check : this.allows(check, auth, { kind: 'concrete', doc });
  }

  async authorizeWrite(collection: string, operation: Exclude<ClientOperation, 'read'>, auth: ClientAuth | null, doc: Doc): Promise<void> {
    const check = this.checkFor(collection, operation);
    const ok = typeof check === 'boolean' ? check : await this.allows(check, auth, { kind: 'concrete', doc });
    if (!ok) throw permissionDenied();
  }

  private checkFor(collection: string, operation: ClientOperation): Check {
    return (this.rules.get(collection) ?? DENY_ALL)[operation];
  }

  private allows(expr: Expr, auth: ClientAuth | null, doc: DocView): Promise<boolean> {
    return evaluateRule(expr, {
      auth: auth ? { openid: auth.openid, uid: auth.uid, loginType: auth.loginType } : null,
      doc,
      now: this.clock(),
      get: (path) => this.getDocument(path),
    });
  }

  /** get('database.<collection>.<id>') in a rule; null when the collection or document is missing. */
  private async getDocument(path: string): Promise<Doc | null> {
    const [root, collection, ...idParts] = path.split('.');
    if (root !== 'database' || !collection || idParts.length === 0) return null;
    if (!this.database.hasCollection(collection)) return null;
    const [doc] = await this.database.find(collection, { _id: idParts.join('.') }, { limit: 1 });
    return doc ?? null;
  }
}
