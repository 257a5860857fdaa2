/**
 * Storage permissions, applied to every client request (web SDK; WeChat clients would be the same) and
 * never to the server SDKs or the console, as CloudBase documents: "云开发控制台和服务端始终有所有文件
 * 读写权限，安全规则的配置仅对客户端（小程序端、Web 等）发起的请求有效"
 * (docs.cloudbase.net/storage/security-rules, cloud.tencent.com/document/product/876/41767).
 *
 * One permission for the whole bucket, either a basic mode or custom security rules:
 *  - READONLY   所有用户可读，仅创建者及管理员可写   { read: true, write: owner }
 *  - PRIVATE    仅创建者及管理员可读写               { read: owner, write: owner }
 *  - ADMINWRITE 所有用户可读，仅管理员可写           { read: true, write: false }
 *  - ADMINONLY  仅管理员可读写                       { read: false, write: false }
 *  - CUSTOM     `{ read, write }`: booleans or expressions over `auth` (openid, uid, loginType; null when
 *    not signed in), `resource` (openid: the file's owner; path: its cloud path) and `now`, with regular
 *    expression literals and their test() (docs.cloudbase.net/storage/security-rules/secure_resource).
 *    A missing key is false, so `{}` denies every client.
 * where owner is `resource.openid == auth.openid || resource.openid == auth.uid` (the docs' template for
 * both WeChat and web callers). `write` covers uploading, overwriting and deleting. For a new file,
 * `resource.openid` is the uploader (the file will be theirs); for an existing one, its owner.
 * A project that declares nothing gets READONLY, CloudBase's default for an environment's storage.
 */
import { evaluateRule } from '../rules/evaluate';
import { parseRuleExpression, RuleSyntaxError, type Expr } from '../rules/expression';
import type { ClientAuth, StorageAccessDeclaration, StorageAcl } from '../types';

export type StorageOperation = 'read' | 'write';
type Check = boolean | Expr;

const OWNER = 'resource.openid == auth.openid || resource.openid == auth.uid';

const BASIC_MODES: Record<Exclude<StorageAcl, 'CUSTOM'>, Record<StorageOperation, boolean | string>> = {
  READONLY: { read: true, write: OWNER },
  PRIVATE: { read: OWNER, write: OWNER },
  ADMINWRITE: { read: true, write: false },
  ADMINONLY: { read: false, write: false },
};

export const DEFAULT_STORAGE_ACCESS: StorageAccessDeclaration = { acl: 'READONLY' };

/** What the rule sees of the file a request acts on. */
export interface StorageResource {
  /** Owner of an existing file, or the uploader of a new one; undefined for a file that does not exist. */
  openid?: string;
  path: string;
}

/** Names a storage rule may use: no `doc`, no get() (those are the database's). */
const NAMES = new Set(['auth', 'resource', 'now']);

function assertStorageNames(expr: Expr, source: string): void {
  switch (expr.kind) {
    case 'identifier':
      if (!NAMES.has(expr.name)) throw new RuleSyntaxError(`storage rules know auth, resource and now, not '${expr.name}': ${source}`);
      return;
    case 'call':
      throw new RuleSyntaxError(`storage rules have no ${expr.callee}() function: ${source}`);
    case 'member':
      return assertStorageNames(expr.object, source);
    case 'method':
      assertStorageNames(expr.object, source);
      return expr.args.forEach((arg) => assertStorageNames(arg, source));
    case 'array':
      return expr.items.forEach((item) => assertStorageNames(item, source));
    case 'unary':
      return assertStorageNames(expr.operand, source);
    case 'binary':
      assertStorageNames(expr.left, source);
      return assertStorageNames(expr.right, source);
    default:
      return;
  }
}

function compile(value: unknown, operation: StorageOperation): Check {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') throw new RuleSyntaxError(`storage rule ${operation} must be a boolean or an expression string`);
  const source = value.trim();
  if (source === 'true' || source === 'false') return source === 'true';
  const expr = parseRuleExpression(source);
  assertStorageNames(expr, source);
  return expr;
}

export class StorageRules {
  private readonly checks: Record<StorageOperation, Check>;

  /** Parsed here, so a malformed rule fails when the emulators start, not on the first upload. */
  constructor(
    readonly declaration: StorageAccessDeclaration = DEFAULT_STORAGE_ACCESS,
    private readonly clock: () => number = Date.now,
  ) {
    const source = declaration.acl === 'CUSTOM' ? declaration.rules : BASIC_MODES[declaration.acl];
    const unknown = Object.keys(source).filter((key) => key !== 'read' && key !== 'write');
    if (unknown.length) throw new RuleSyntaxError(`storage rules have read and write only, not ${unknown.join(', ')}`);
    this.checks = { read: compile(source.read, 'read'), write: compile(source.write, 'write') };
  }

  /** Whether every client may read every file: then CloudBase's download links do not expire (public read). */
  get publicRead(): boolean {
    return this.checks.read === true;
  }

  async allows(operation: StorageOperation, auth: ClientAuth | null, resource: StorageResource): Promise<boolean> {
    const check = this.checks[operation];
    if (typeof check === 'boolean') return check;
    return evaluateRule(check, {
      auth: auth ? { openid: auth.openid, uid: auth.uid, loginType: auth.loginType } : null,
      resource: { openid: resource.openid, path: resource.path },
      doc: { kind: 'concrete', doc: {} },
      now: this.clock(),
      get: async () => null,
    });
  }
}
