/**
 * database.* document actions, as sent by @cloudbase/database 1.4.3 (used by both node-sdk 3.18.3 and the
 * node-sdk 3.17.2 bundled in wx-server-sdk 4.0.2). Response shapes are the ones that package reads:
 *   getDocument        → { data: { list: [EJSON string] } }         (query.ts get(), document.ts get())
 *   calculateDocument  → { data: { total } }                        (query.ts count())
 *   insertDocument     → { data: { insertedIds: [id] } }            (collection.ts add(), document.ts create())
 *   modifyDocument     → { data: { updated, upsert_id? } }          (document.ts set()/update(), query.ts update())
 *   modifyAndReturnDoc → { data: { updated, doc: EJSON string } }   (query.ts updateAndReturn())
 *   removeDocument     → { data: { deleted } }                      (document.ts remove(), query.ts remove())
 *   aggregateDocuments → { data: { list: [EJSON string] } }         (aggregate.ts end())
 *   addCollection      → {}                                          (index.ts createCollection())
 */
import { decodeEjson, decodeObject, encodeDocs, intParam, invalidParam, isPlainObject, resolveLimit, sortOf, stringifyEjson } from '../protocol';
import type { Doc, FindOptions } from '../types';
import type { ActionContext, ActionHandler } from './context';

export function collectionName(ctx: ActionContext): string {
  const name = ctx.params.collectionName;
  if (typeof name !== 'string' || name === '') throw invalidParam('collectionName must be a non-empty string');
  return name;
}

export function transactionId(ctx: ActionContext): string | undefined {
  const id = ctx.params.transactionId;
  if (id === undefined || id === null || id === '') return undefined;
  if (typeof id !== 'string') throw invalidParam('transactionId must be a string');
  return id;
}

function filterOf(ctx: ActionContext): Doc {
  return decodeObject(ctx.params.query, 'query', ctx.now) ?? {};
}

const getDocument: ActionHandler = async (ctx) => {
  const coll = collectionName(ctx);
  const filter = filterOf(ctx);
  const offset = intParam(ctx.params.offset, 'offset') ?? 0;
  if (offset < 0) throw invalidParam('offset must not be negative');
  const isDoc = ctx.params.queryType === 'DOC';
  const limit = isDoc ? 1 : resolveLimit(ctx.params.limit);
  const options: FindOptions = { limit };
  if (offset) options.skip = offset;
  const sort = sortOf(ctx.params.order, ctx.now);
  if (sort) options.sort = sort;
  const projection = decodeObject(ctx.params.projection, 'projection', ctx.now);
  if (projection && Object.keys(projection).length) options.projection = projection;
  const docs = await ctx.database.find(coll, filter, options, transactionId(ctx));
  return { data: { list: encodeDocs(docs), offset, limit } };
};

const calculateDocument: ActionHandler = async (ctx) => {
  const total = await ctx.database.count(collectionName(ctx), filterOf(ctx), transactionId(ctx));
  return { data: { total } };
};

const insertDocument: ActionHandler = async (ctx) => {
  const coll = collectionName(ctx);
  const raw = ctx.params.data;
  const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (items.length === 0) throw invalidParam('data must be a non-empty array of documents');
  const docs = items.map((item, i) => {
    const doc = decodeObject(item, `data[${i}]`, ctx.now);
    if (!doc) throw invalidParam(`data[${i}] must be a document`);
    return doc;
  });
  // Server calls are trusted: no _openid is stamped (CloudBase only does that for client SDK writes).
  const insertedIds = await ctx.database.insert(coll, docs, transactionId(ctx));
  return { data: { insertedIds } };
};

function updateDataOf(ctx: ActionContext): Doc {
  const data = decodeObject(ctx.params.data, 'data', ctx.now);
  if (!data) throw invalidParam('data must be a non-empty object');
  return data;
}

const modifyDocument: ActionHandler = async (ctx) => {
  const coll = collectionName(ctx);
  const filter = filterOf(ctx);
  const data = updateDataOf(ctx);
  const isDoc = ctx.params.queryType === 'DOC';
  const multi = !isDoc && ctx.params.multi === true;
  const merge = ctx.params.merge !== false;
  const upsert = ctx.params.upsert === true;
  const result = await ctx.database.update(coll, filter, data, { multi, merge, upsert }, transactionId(ctx));
  const body: Record<string, unknown> = { updated: result.updated, matched: result.matched };
  if (result.upsertedId !== undefined) body.upsert_id = result.upsertedId;
  return { data: body };
};

/** updateAndReturn(): updates the first matching document and answers it as it is after the update. */
const modifyAndReturnDoc: ActionHandler = async (ctx) => {
  const coll = collectionName(ctx);
  const filter = filterOf(ctx);
  const data = updateDataOf(ctx);
  const txId = transactionId(ctx);
  const [target] = await ctx.database.find(coll, filter, { limit: 1 }, txId);
  if (!target) return { data: { updated: 0, doc: null } };
  const result = await ctx.database.update(coll, { _id: target._id }, data, { multi: false, merge: true, upsert: false }, txId);
  const [after] = await ctx.database.find(coll, { _id: target._id }, { limit: 1 }, txId);
  return { data: { updated: result.updated, doc: after ? stringifyEjson(after) : null } };
};

const removeDocument: ActionHandler = async (ctx) => {
  const coll = collectionName(ctx);
  const isDoc = ctx.params.queryType === 'DOC';
  const multi = !isDoc && ctx.params.multi !== false;
  const deleted = await ctx.database.remove(coll, filterOf(ctx), { multi }, transactionId(ctx));
  return { data: { deleted } };
};

const aggregateDocuments: ActionHandler = async (ctx) => {
  const coll = collectionName(ctx);
  const stages = ctx.params.stages;
  if (!Array.isArray(stages)) throw invalidParam('stages must be an array');
  const pipeline = stages.map((stage, i) => {
    if (!isPlainObject(stage) || typeof stage.stageKey !== 'string' || !stage.stageKey.startsWith('$')) {
      throw invalidParam(`stages[${i}] must be { stageKey: "$…", stageValue: "<EJSON>" }`);
    }
    return { [stage.stageKey]: decodeEjson(stage.stageValue, `stages[${i}].stageValue`, ctx.now) } as Doc;
  });
  const docs = await ctx.database.aggregate(coll, pipeline);
  return { data: { list: encodeDocs(docs) } };
};

const addCollection: ActionHandler = async (ctx) => {
  await ctx.database.createCollection(collectionName(ctx));
  return {};
};

export const databaseActions: Record<string, ActionHandler> = {
  'database.getDocument': getDocument,
  'database.calculateDocument': calculateDocument,
  'database.insertDocument': insertDocument,
  'database.modifyDocument': modifyDocument,
  'database.modifyAndReturnDoc': modifyAndReturnDoc,
  'database.removeDocument': removeDocument,
  'database.aggregateDocuments': aggregateDocuments,
  'database.addCollection': addCollection,
};
