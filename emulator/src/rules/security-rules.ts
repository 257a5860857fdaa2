/**
 * The database permissions of every collection, applied to client (web / WeChat) traffic only: server
 * SDK and console traffic is the admin side and never goes through them. A collection has either one of
 * CloudBase's basic permissions (basic-permissions.ts: the server narrows what a client asks for) or a
 * custom security rule (custom-rules.ts: the client's query must be a subset of the rule, or it is
 * refused). A collection nobody set a permission for — created by code, or declared without one — has
 * CloudBase's default for a new collection.
 */
import { isPlainObject } from '../database/values';
import { DatabaseError, type ClientAuth, type ClientOperation, type CollectionDeclaration, type DatabaseEngine, type Doc, type SecurityRule, type SecurityRulesEngine } from '../types';
import { BASIC_PERMISSIONS, DEFAULT_PERMISSION, isBasicPermission, restrictToOwner, type BasicPermission } from './basic-permissions';
import { compileRule, type CompiledRule } from './custom-rules';
import { evaluateRule, type DocView } from './evaluate';
import type { Expr } from './expression';
import { findCrossCollectionReach } from './pipeline-reach';
import { callerId, pinnedBranches, replaceOpenidPlaceholder } from './query-pins';

type CollectionPermission = { kind: 'basic'; permission: BasicPermission } | { kind: 'custom'; rule: CompiledRule };

const DEFAULT: CollectionPermission = { kind: 'basic', permission: DEFAULT_PERMISSION };

/** CloudBase's answer to a refused client request (wx: errCode -502003, errMsg "Permission denied"). */
export function permissionDenied(detail?: string): DatabaseError {
  return new DatabaseError('DATABASE_PERMISSION_DENIED', detail ? `Permission denied: ${detail}` : 'Permission denied');
}

function permissionOf(rule: SecurityRule | undefined, collection: string): CollectionPermission {
  if (rule === undefined) return DEFAULT;
  if (typeof rule === 'string') {
    if (!isBasicPermission(rule)) throw new Error(`unknown security rule mode ${rule} for ${collection} (READONLY, PRIVATE, ADMINWRITE, ADMINONLY or a custom rule)`);
    return { kind: 'basic', permission: rule };
  }
  return { kind: 'custom', rule: compileRule(rule, collection) };
}

export class SecurityRules implements SecurityRulesEngine {
  private readonly permissions = new Map<string, CollectionPermission>();

  constructor(
    collections: CollectionDeclaration[],
    private readonly database: DatabaseEngine,
    private readonly clock: () => number = Date.now,
  ) {
    // Parsed up front so a malformed rule fails at startup, not on the first client request.
    for (const c of collections) this.permissions.set(c.name, permissionOf(c.rule, c.name));
  }

  async authorizeQuery(collection: string, filter: Doc, auth: ClientAuth | null, operation: ClientOperation): Promise<Doc> {
    const replaced = replaceOpenidPlaceholder(filter, auth);
    const permission = this.permissionFor(collection);
    if (permission.kind === 'basic') return narrowToPermission(permission.permission, operation, replaced, auth);
    const check = permission.rule[operation];
    if (check === true) return replaced;
    if (check === false) throw permissionDenied();
    for (const pins of pinnedBranches(replaced)) {
      if (!(await this.allows(check, auth, { kind: 'pinned', pins }))) throw permissionDenied();
    }
    return replaced;
  }

  async authorizeAggregation(collection: string, pipeline: Doc[], auth: ClientAuth | null): Promise<Doc[]> {
    const reach = findCrossCollectionReach(pipeline);
    if (reach) {
      throw permissionDenied(`${reach.operator} (at ${reach.path}) reaches beyond collection ${collection}; a client aggregation reads only its own collection (join, union or write in a cloud function)`);
    }
    // The permission applies to the documents entering the pipeline: its leading $match (or $geoNear's
    // query, which must stay first) is the query; without one the client asks for every document.
    const [first, ...rest] = pipeline;
    if (first && isPlainObject(first.$match)) {
      return [{ $match: await this.authorizeQuery(collection, first.$match, auth, 'read') }, ...rest];
    }
    if (first && isPlainObject(first.$geoNear)) {
      const spec = first.$geoNear;
      const query = await this.authorizeQuery(collection, isPlainObject(spec.query) ? spec.query : {}, auth, 'read');
      return [{ $geoNear: Object.keys(query).length > 0 ? { ...spec, query } : spec }, ...rest];
    }
    const input = await this.authorizeQuery(collection, {}, auth, 'read');
    return Object.keys(input).length > 0 ? [{ $match: input }, ...pipeline] : pipeline;
  }

  async canRead(collection: string, doc: Doc, auth: ClientAuth | null): Promise<boolean> {
    const permission = this.permissionFor(collection);
    if (permission.kind === 'basic') return basicAllows(permission.permission, 'read', doc, auth);
    const check = permission.rule.read;
    return typeof check === 'boolean' ? check : this.allows(check, auth, { kind: 'concrete', doc });
  }

  async authorizeWrite(collection: string, operation: Exclude<ClientOperation, 'read'>, auth: ClientAuth | null, doc: Doc): Promise<void> {
    const permission = this.permissionFor(collection);
    let ok: boolean;
    if (permission.kind === 'basic') ok = basicAllows(permission.permission, operation, doc, auth);
    else {
      const check = permission.rule[operation];
      ok = typeof check === 'boolean' ? check : await this.allows(check, auth, { kind: 'concrete', doc });
    }
    if (!ok) throw permissionDenied();
  }

  private permissionFor(collection: string): CollectionPermission {
    return this.permissions.get(collection) ?? DEFAULT;
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

/** A basic permission applied to a query: all of it, the caller's own documents of it, or a refusal. */
function narrowToPermission(permission: BasicPermission, operation: ClientOperation, filter: Doc, auth: ClientAuth | null): Doc {
  const reach = BASIC_PERMISSIONS[permission][operation];
  if (reach === 'every-document') return filter;
  const owner = callerId(auth);
  if (reach === 'nothing' || owner === undefined) throw permissionDenied();
  return restrictToOwner(filter, owner);
}

/** A basic permission applied to one concrete document (a created one, or one a watch event carries). */
function basicAllows(permission: BasicPermission, operation: ClientOperation, doc: Doc, auth: ClientAuth | null): boolean {
  const reach = BASIC_PERMISSIONS[permission][operation];
  if (reach !== 'own-documents') return reach === 'every-document';
  const owner = callerId(auth);
  return owner !== undefined && doc._openid === owner;
}
