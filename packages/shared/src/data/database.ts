import type { CollectionName, DocumentOf } from '@partner-desk/database';
import { getDatabase } from '../cloud';

/*
 * The slice of wx-server-sdk's database API this codebase uses, typed narrowly: documents by their
 * collection's declared schema (database/), filters and updates by the document's fields. The SDK's own
 * typings also allow callback forms that return void, so the one cast from the SDK lives in db() below.
 */

declare const queryOperatorBrand: unique symbol;
declare const updateOperatorBrand: unique symbol;
declare const serverDateBrand: unique symbol;
declare const regExpBrand: unique symbol;

/** `_.in([...])`, `_.gt(0)` …: built by the database's command, opaque to us. */
export interface QueryOperator {
  readonly [queryOperatorBrand]: true;
}
/** `_.inc(1)`, `_.push([...])`: built by the database's command, opaque to us. */
export interface UpdateOperator {
  readonly [updateOperatorBrand]: true;
}
/** `db.serverDate()`: the database's clock at write time. */
export interface ServerDate {
  readonly [serverDateBrand]: true;
}
/** `db.RegExp({ regexp, options })`. */
export interface DatabaseRegExp {
  readonly [regExpBrand]: true;
}

/** The query and update operators repositories use (wx-server-sdk `db.command`). */
export interface Command {
  in(values: readonly unknown[]): QueryOperator;
  neq(value: unknown): QueryOperator;
  gt(value: unknown): QueryOperator;
  gte(value: unknown): QueryOperator;
  lt(value: unknown): QueryOperator;
  lte(value: unknown): QueryOperator;
  /** Several conditions on one field (a range: `_.and([_.gte(a), _.lt(b)])`). */
  and(conditions: readonly QueryOperator[]): QueryOperator;
  inc(by: number): UpdateOperator;
  /** The whole value at a field (an object value without it is merged field by field, and can't go where null is). */
  set(value: unknown): UpdateOperator;
  push(values: readonly unknown[]): UpdateOperator;
  /** Aggregation expressions (`$.sum(1)` in a group stage). */
  readonly aggregate: AggregateCommand;
}

/** `db.command.aggregate`: the accumulators group stages use. */
export interface AggregateCommand {
  sum(expression: unknown): AggregateExpression;
}

declare const aggregateExpressionBrand: unique symbol;
/** `$.sum(1)`: built by the database's command, opaque to us. */
export interface AggregateExpression {
  readonly [aggregateExpressionBrand]: true;
}

/**
 * An aggregation pipeline over one collection (wx-server-sdk `collection.aggregate()`), with the stages
 * this codebase uses; `end()` runs it. Rows are typed by the caller: a group reshapes documents.
 */
export interface Aggregate<D> {
  match(filter: Filter<D>): Aggregate<D>;
  group(spec: { _id: string } & Record<string, AggregateExpression | string>): Aggregate<D>;
  sort(spec: Record<string, 1 | -1>): Aggregate<D>;
  limit(max: number): Aggregate<D>;
  end<R>(): Promise<{ list: R[] }>;
}

/** Equalities and operators on a document's own top-level fields (a typo or a wrong value type is a compile error). */
export type Filter<D> = { [K in keyof D]?: D[K] | QueryOperator | DatabaseRegExp };

/** Field values, operators and server dates for the document's fields, or dotted paths into nested objects. */
export type UpdateData<D> = { [K in keyof D]?: D[K] | UpdateOperator | ServerDate } & { [path: `${string}.${string}`]: unknown };

/** A whole document as written: every field, server dates allowed. */
export type Writable<D> = { [K in keyof D]: D[K] | ServerDate };

/** A document to create: the database assigns `_id` unless it is given. */
export type NewDocument<D extends { _id: string }> = Writable<Omit<D, '_id'>> & { _id?: string };

export type Projection<K extends PropertyKey> = { readonly [P in K]: true };

export interface Query<D> {
  where(filter: Filter<D>): Query<D>;
  orderBy(field: keyof D & string, direction: 'asc' | 'desc'): Query<D>;
  skip(offset: number): Query<D>;
  limit(max: number): Query<D>;
  field<K extends keyof D>(projection: Projection<K>): Query<Pick<D, K>>;
  get(): Promise<{ data: D[] }>;
  count(): Promise<{ total: number }>;
  update(options: { data: UpdateData<D> }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface DocumentRef<D extends { _id: string }> {
  /** wx-server-sdk rejects for a missing id: read through findDocument() to get null instead. */
  get(): Promise<{ data: D | D[] }>;
  set(options: { data: Writable<Omit<D, '_id'>> }): Promise<unknown>;
  update(options: { data: UpdateData<D> }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface CollectionRef<D extends { _id: string }> extends Query<D> {
  doc(id: string): DocumentRef<D>;
  aggregate(): Aggregate<D>;
  add(options: { data: NewDocument<D> }): Promise<{ _id: string }>;
}

/** Inside a transaction only doc() operations and add() exist (CloudBase: server side, doc()/add() only). */
export interface TransactionCollectionRef<D extends { _id: string }> {
  doc(id: string): DocumentRef<D>;
  add(options: { data: NewDocument<D> }): Promise<{ _id: string }>;
}

export interface Transaction {
  collection<N extends CollectionName>(name: N): TransactionCollectionRef<DocumentOf<N>>;
}

export interface Database {
  collection<N extends CollectionName>(name: N): CollectionRef<DocumentOf<N>>;
  readonly command: Command;
  RegExp(options: { regexp: string; options?: string }): DatabaseRegExp;
  serverDate(options?: { offset?: number }): ServerDate;
  /** `retries` counts the SDK's own retries on DATABASE_TRANSACTION_CONFLICT; runTransactionWithRetry passes 0. */
  runTransaction<T>(work: (transaction: Transaction) => Promise<T>, retries?: number): Promise<T>;
}

/** The function's database (wx-server-sdk, initialised for the current environment), through the narrow interface above. */
export const db = (): Database => getDatabase() as unknown as Database;

/** wx-server-sdk's doc().get() rejects for a missing id; the data layer wants "not found" as a value. */
export async function findDocument<D extends { _id: string }>(ref: Pick<DocumentRef<D>, 'get'>): Promise<D | null> {
  try {
    const { data } = await ref.get();
    return (Array.isArray(data) ? data[0] : data) ?? null;
  } catch (err) {
    if (/does not exist|not exist|cannot find document/i.test(String((err as Error)?.message ?? err))) return null;
    throw err;
  }
}

/** Escapes user text for use inside a RegExp (keyword search must never be a regex injection). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A case-insensitive "contains" match on user text, taken literally. */
export const containsText = (text: string): DatabaseRegExp => db().RegExp({ regexp: escapeRegExp(text), options: 'i' });
