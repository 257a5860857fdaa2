/**
 * The document REST API the js-sdk 3.7.0 database component calls in GATEWAY mode
 * (database/src/index.ts gateWayFunc), under /v1/database/instances/(default)/databases/(default):
 *   GET   /collections/<c>/documents?query=&order=&offset=&limit=&projection=  → { list, offset, limit }
 *   GET   /collections/<c>/documents?count=true&query=                          → { total }
 *   GET   /collections/<c>/documents/<id>   (where({ _id: _.eq(id) }).get())     → the document
 *   POST  /collections/<c>/documents        { data: [doc…] }                      → { insertedIds }
 *   PATCH /collections/<c>/documents        { query, data, multi, upsert, replaceMode } → { updated, matched, upsert_id }
 *   POST  /collections/<c>/documents/remove { query, multi }                      → { deleted }
 *   POST  /collections/<c>/documents/aggregations { pipeline: [{ $stage: … }] }   → { list }
 * Every call is a client call: the caller's token is required, the collection's permission applies (a
 * basic permission narrows the request to what it allows; a custom rule refuses a query that is not a
 * subset of it), and created documents get `_openid` = the caller's uid.
 * Collection creation, transactions and raw commands are server-side only on CloudBase and refused here.
 */
import { sendJson } from '../http-util';
import { decodeClientObject, encodeClientDoc, intParam, invalidParam, isPlainObject, resolveLimit, sortOf } from '../protocol';
import { callerId, permissionDenied } from '../rules';
import type { ClientAuth, DatabaseEngine, Doc, FindOptions, SecurityRulesEngine } from '../types';
import { notFound, WebError } from './errors';
import type { RequestContext } from './request-context';

export const DATABASE_PREFIX = '/v1/database/instances/(default)/databases/(default)';

export interface DatabaseRouteDeps {
  database: DatabaseEngine;
  rules: SecurityRulesEngine;
}

export async function handleDatabase(ctx: RequestContext, deps: DatabaseRouteDeps, path: string): Promise<void> {
  const method = ctx.req.method ?? 'GET';
  const auth = ctx.requireClientAuth();
  const match = /^\/collections\/([^/]+)\/documents(?:\/([^/]+))?$/.exec(path);
  if (!match) {
    if (path === '/collections' || path.startsWith('/transactions') || path === '/commands') {
      throw new WebError(403, 'DATABASE_PERMISSION_DENIED', `${method} ${path}: server-side only (use a cloud function)`);
    }
    throw notFound(`${method} ${DATABASE_PREFIX}${path}`);
  }
  const collection = decodeURIComponent(match[1]);
  const tail = match[2] && decodeURIComponent(match[2]);
  const ops = new ClientDatabaseOperations(deps, collection, auth, ctx.now);

  if (method === 'GET' && !tail) {
    const params = ctx.url.searchParams;
    if (params.get('count') === 'true') return sendJson(ctx.res, 200, { total: await ops.count(params.get('query')) });
    return sendJson(ctx.res, 200, await ops.list(params));
  }
  if (method === 'GET' && tail) return sendJson(ctx.res, 200, await ops.getById(tail, ctx.url.searchParams.get('projection')));
  if (method === 'POST' && !tail) return sendJson(ctx.res, 200, { insertedIds: await ops.insert((await ctx.jsonBody()).data) });
  if (method === 'PATCH' && !tail) return sendJson(ctx.res, 200, await ops.update(await ctx.jsonBody()));
  if (method === 'POST' && tail === 'remove') return sendJson(ctx.res, 200, { deleted: await ops.remove(await ctx.jsonBody()) });
  if (method === 'POST' && tail === 'aggregations') return sendJson(ctx.res, 200, { list: await ops.aggregate((await ctx.jsonBody()).pipeline) });
  throw notFound(`${method} ${DATABASE_PREFIX}${path}`);
}

/** True when an update document sets, unsets or renames the owner field, or renames another onto it (clients may not). */
function touchesOwner(data: Doc): boolean {
  const isOwnerPath = (key: unknown) => typeof key === 'string' && (key === '_openid' || key.startsWith('_openid.'));
  return Object.entries(data).some(([key, value]) => {
    if (!key.startsWith('$')) return isOwnerPath(key);
    if (!isPlainObject(value)) return false;
    return Object.keys(value).some(isOwnerPath) || (key === '$rename' && Object.values(value).some(isOwnerPath));
  });
}

class ClientDatabaseOperations {
  constructor(
    private readonly deps: DatabaseRouteDeps,
    private readonly collection: string,
    private readonly auth: ClientAuth,
    private readonly now: number,
  ) {}

  private filter(value: unknown): Doc {
    return decodeClientObject(value, 'query', this.now) ?? {};
  }

  private authorized(value: unknown, operation: 'read' | 'update' | 'delete'): Promise<Doc> {
    return this.deps.rules.authorizeQuery(this.collection, this.filter(value), this.auth, operation);
  }

  async count(query: string | null): Promise<number> {
    return this.deps.database.count(this.collection, await this.authorized(query, 'read'));
  }

  async list(params: URLSearchParams) {
    const filter = await this.authorized(params.get('query'), 'read');
    const offset = intParam(params.get('offset'), 'offset') ?? 0;
    if (offset < 0) throw invalidParam('offset must not be negative');
    // The SDK always sends limit (100 unless .limit(n), clamped to 1000); the gateway clamps again.
    const limit = resolveLimit(params.get('limit'));
    const options: FindOptions = { limit };
    if (offset) options.skip = offset;
    const sort = sortOf(params.get('order') ?? undefined, this.now);
    if (sort) options.sort = sort;
    const projection = decodeClientObject(params.get('projection'), 'projection', this.now);
    if (projection && Object.keys(projection).length) options.projection = projection;
    const docs = await this.deps.database.find(this.collection, filter, options);
    return { list: docs.map(encodeClientDoc), offset, limit };
  }

  async getById(id: string, projectionParam: string | null) {
    const filter = await this.deps.rules.authorizeQuery(this.collection, { _id: id }, this.auth, 'read');
    const projection = decodeClientObject(projectionParam, 'projection', this.now);
    const options: FindOptions = { limit: 1 };
    if (projection && Object.keys(projection).length) options.projection = projection;
    const [doc] = await this.deps.database.find(this.collection, filter, options);
    if (!doc) throw new WebError(404, 'DATABASE_DOCUMENT_NOT_EXIST', `document ${id} does not exist`);
    return encodeClientDoc(doc);
  }

  async insert(raw: unknown): Promise<string[]> {
    const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    if (items.length === 0) throw invalidParam('data must be a non-empty array of documents');
    const owner = callerId(this.auth);
    const docs: Doc[] = [];
    for (const [i, item] of items.entries()) {
      const doc = decodeClientObject(item, `data[${i}]`, this.now);
      if (!doc) throw invalidParam(`data[${i}] must be a document`);
      // CloudBase stamps the creator on every client-created document; a client cannot choose it.
      const stamped = { ...doc, _openid: owner };
      await this.deps.rules.authorizeWrite(this.collection, 'create', this.auth, stamped);
      docs.push(stamped);
    }
    return this.deps.database.insert(this.collection, docs);
  }

  async update(body: Record<string, unknown>) {
    const filter = await this.authorized(body.query, 'update');
    const data = decodeClientObject(body.data, 'data', this.now);
    if (!data || Object.keys(data).length === 0) throw invalidParam('data must be a non-empty object');
    if ('_id' in data) throw invalidParam('_id cannot be updated');
    if (touchesOwner(data)) throw permissionDenied();
    const multi = body.multi === true;
    const upsert = body.upsert === true;
    const replace = body.replaceMode === true;
    const db = this.deps.database;
    const [target] = await db.find(this.collection, filter, { limit: 1 });

    let update: Doc = data;
    if (replace) {
      if (multi) throw invalidParam('replaceMode updates one document (multi must be false)');
      update = { ...data, _openid: target ? target._openid : callerId(this.auth) };
    } else if (!target && upsert) {
      update = Object.keys(data).some((k) => k.startsWith('$')) ? { ...data } : { $set: data };
      update.$setOnInsert = { ...(isPlainObject(update.$setOnInsert) ? update.$setOnInsert : {}), _openid: callerId(this.auth) };
    }
    if (!target && upsert) {
      const created = { ...plainFields(filter), ...(replace ? data : isPlainObject(update.$set) ? update.$set : {}), _openid: callerId(this.auth) };
      await this.deps.rules.authorizeWrite(this.collection, 'create', this.auth, created);
    }
    const result = await db.update(this.collection, filter, update, { multi, upsert, merge: !replace });
    return { updated: result.updated, matched: result.matched, upsert_id: result.upsertedId ?? '' };
  }

  async remove(body: Record<string, unknown>): Promise<number> {
    const filter = await this.authorized(body.query, 'delete');
    return this.deps.database.remove(this.collection, filter, { multi: body.multi === true });
  }

  async aggregate(raw: unknown): Promise<unknown[]> {
    if (!Array.isArray(raw) || raw.length === 0) throw invalidParam('pipeline must be a non-empty array of stages');
    const pipeline = raw.map((stage, i) => {
      const decoded = decodeClientObject(stage, `pipeline[${i}]`, this.now);
      if (!decoded || Object.keys(decoded).length !== 1) throw invalidParam(`pipeline[${i}] must be one { $stage: … }`);
      return decoded;
    });
    const authorized = await this.deps.rules.authorizeAggregation(this.collection, pipeline, this.auth);
    const docs = await this.deps.database.aggregate(this.collection, authorized);
    return docs.map(encodeClientDoc);
  }
}

/** Top-level equality fields of a filter: what an upsert puts in the new document besides the update. */
function plainFields(filter: Doc): Doc {
  return Object.fromEntries(Object.entries(filter).filter(([k, v]) => !k.startsWith('$') && !(isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$')))));
}
