/**
 * Transactions. @cloudbase/database 1.4.3 (transaction/index.ts) sends:
 *   database.startTransaction  → answer `{ transactionId }` at the top level (init() reads res.transactionId)
 *   then the ordinary document actions carrying `transactionId` (handled in database-actions.ts)
 *   database.commitTransaction / database.abortTransaction { transactionId } → `{}` (only `code` is checked)
 * runTransaction() retries (3×) only on code DATABASE_TRANSACTION_CONFLICT.
 *
 * The package also ships a legacy transaction.ts (not used by either SDK version here) with
 * getInTransaction / updateDocInTransaction / deleteDocInTransaction; they are answered too, in the shapes
 * that file parses (`data`, `updated`, `deleted` as EJSON strings, `upserted` as a JSON string).
 */
import type { ActionContext, ActionHandler } from './context';
import { collectionName } from './database-actions';
import { decodeObject, invalidParam, stringifyEjson } from '../protocol';

function requiredTransactionId(ctx: ActionContext): string {
  const id = ctx.params.transactionId;
  if (typeof id !== 'string' || id === '') throw invalidParam('transactionId must be a non-empty string');
  return id;
}

function docIdOf(ctx: ActionContext): string | number {
  const id = ctx.params._id;
  if (typeof id !== 'string' && typeof id !== 'number') throw invalidParam('_id must be a string or a number');
  return id;
}

const startTransaction: ActionHandler = async (ctx) => ({ transactionId: await ctx.database.startTransaction() });

const commitTransaction: ActionHandler = async (ctx) => {
  await ctx.database.commitTransaction(requiredTransactionId(ctx));
  return {};
};

const abortTransaction: ActionHandler = async (ctx) => {
  await ctx.database.abortTransaction(requiredTransactionId(ctx));
  return {};
};

const getInTransaction: ActionHandler = async (ctx) => {
  const [doc] = await ctx.database.find(collectionName(ctx), { _id: docIdOf(ctx) }, { limit: 1 }, requiredTransactionId(ctx));
  return { data: doc ? stringifyEjson(doc) : 'null' };
};

const updateDocInTransaction: ActionHandler = async (ctx) => {
  const data = decodeObject(ctx.params.data, 'data', ctx.now);
  if (!data) throw invalidParam('data must be an object');
  const upsert = ctx.params.upsert === true;
  const id = docIdOf(ctx);
  // set() sends plain data with upsert (a replacement); update() sends { $set: data }.
  const merge = !upsert || Object.keys(data).some((k) => k.startsWith('$'));
  const result = await ctx.database.update(collectionName(ctx), { _id: id }, data, { multi: false, merge, upsert }, requiredTransactionId(ctx));
  const body: Record<string, unknown> = { updated: stringifyEjson(result.updated) };
  if (result.upsertedId !== undefined) body.upserted = JSON.stringify([{ _id: result.upsertedId }]);
  return body;
};

const deleteDocInTransaction: ActionHandler = async (ctx) => {
  const deleted = await ctx.database.remove(collectionName(ctx), { _id: docIdOf(ctx) }, { multi: false }, requiredTransactionId(ctx));
  return { deleted: stringifyEjson(deleted) };
};

export const transactionActions: Record<string, ActionHandler> = {
  'database.startTransaction': startTransaction,
  'database.commitTransaction': commitTransaction,
  'database.abortTransaction': abortTransaction,
  'database.getInTransaction': getInTransaction,
  'database.updateDocInTransaction': updateDocInTransaction,
  'database.deleteDocInTransaction': deleteDocInTransaction,
};
