import type { UserRole } from '@partner-desk/contract';
import type { COLLECTIONS, CollectionName, DocumentOf } from '@partner-desk/database';
import { AppError } from '../errors';
import { db, findDocument, type Database, type Filter, type NewDocument, type Projection, type Query, type UpdateData, type Writable } from './database';
import { offsetOf, type Page, type Paging } from './paging';

/** The provider a read or write belongs to. */
export interface TenantRef {
  serviceProviderId: string;
}

/** Who is acting, resolved from the session: every tenant read and write is scoped by serviceProviderId. */
export interface Tenant extends TenantRef {
  userId: string;
  userName: string;
  role: UserRole;
}

/** Collections whose every document belongs to one provider (it carries serviceProviderId). */
export type TenantCollectionName = { [N in CollectionName]: DocumentOf<N> extends { serviceProviderId: string } ? N : never }[CollectionName];

/**
 * Collections read and written without a tenant filter, and why: accounts and sessions (with each
 * binding's signal document, which lives and dies with it) are looked up before any tenant is known
 * (sign-in, the caller's session); so are invite codes (registering names a code, not a provider) and
 * password reset requests (asked for by username before sign-in; HQ lists every provider's);
 * providers and their settings are keyed by the tenant id itself, provider codes name a provider before
 * it is known; the audit log and health checks belong to the console and the platform; the PC system's
 * deliveries, its parked events and the sync's state come before any tenant is known (they name customers
 * by the vendor's id); HQ lists and replays every provider's outbox dead letters (each replay then works in
 * the letter's provider scope); an outbox stream is a customer's delivery order, whichever provider queued
 * its items (a customer may move). Customers, tickets, messages, chats and the outbox items are not here:
 * they are reachable only through a tenant scope (the delivery run reads a stream's items through
 * data/outbox-entry.ts and writes each in its own provider's scope).
 */
export type UnscopedCollectionName = (typeof COLLECTIONS)[
  | 'providers'
  | 'providerCodes'
  | 'users'
  | 'sessions'
  | 'userSignals'
  | 'loginGuards'
  | 'passwordResets'
  | 'invites'
  | 'settings'
  | 'auditLog'
  | 'healthChecks'
  | 'inboundDeliveries'
  | 'parkedEvents'
  | 'syncState'
  | 'deadLetters'
  | 'outboxStreams'];

type TenantDoc<N extends TenantCollectionName> = DocumentOf<N>;
/** A new document of a tenant collection: the scope stamps serviceProviderId. */
export type NewTenantDocument<D extends { _id: string; serviceProviderId: string }> = NewDocument<Omit<D, 'serviceProviderId'> & { _id: string }>;

export interface ListQuery<D, K extends keyof D> {
  filter?: Filter<D>;
  orderBy: [field: keyof D & string, direction: 'asc' | 'desc'][];
  paging: Paging;
  fields?: Projection<K>;
}

const DEFAULT_NOT_FOUND = '记录不存在';

/** One page of a query and its total, fetched in parallel: one round trip of latency. */
async function listPage<D, K extends keyof D>(collection: Query<D>, { filter = {}, orderBy, paging, fields }: ListQuery<D, K>): Promise<Page<Pick<D, K>>> {
  let query: Query<D> = collection.where(filter);
  for (const [field, direction] of orderBy) query = query.orderBy(field, direction);
  const window = (fields ? query.field(fields) : (query as unknown as Query<Pick<D, K>>)).skip(offsetOf(paging)).limit(paging.pageSize);
  const [{ data }, { total }] = await Promise.all([window.get(), collection.where(filter).count()]);
  return { items: data, total, page: paging.page, pageSize: paging.pageSize };
}

/**
 * The one place tenant isolation is enforced. Repositories reach provider data only through `scoped()`:
 * every filter is ANDed with the caller's serviceProviderId, every insert is stamped with it, and an id
 * that belongs to another provider reads exactly like a missing one (NOT_FOUND), so ids can't be probed.
 */
export function scoped<N extends TenantCollectionName>(tenant: TenantRef, name: N, database: Database = db()) {
  type D = TenantDoc<N>;
  const collection = database.collection(name);
  const own = (filter: Filter<D> = {}): Filter<D> => ({ ...filter, serviceProviderId: tenant.serviceProviderId }) as Filter<D>;

  async function findById(id: string): Promise<D | null>;
  async function findById<K extends keyof D>(id: string, fields: Projection<K>): Promise<Pick<D, K> | null>;
  async function findById<K extends keyof D>(id: string, fields?: Projection<K>): Promise<D | Pick<D, K> | null> {
    const query = collection.where(own({ _id: id } as Filter<D>));
    const { data } = await (fields ? query.field(fields) : query).limit(1).get();
    return data[0] ?? null;
  }

  return {
    name,

    /** A query already restricted to this tenant, for reads the named helpers don't cover (ordered windows). */
    query: (filter: Filter<D> = {}): Query<D> => collection.where(own(filter)),

    findById,

    async getById(id: string, notFoundMessage = DEFAULT_NOT_FOUND): Promise<D> {
      const doc = await findById(id);
      if (!doc) throw new AppError('NOT_FOUND', notFoundMessage);
      return doc;
    },

    /** One page and the total, fetched in parallel: one round trip of latency. */
    list: <K extends keyof D = keyof D>(query: ListQuery<D, K>): Promise<Page<Pick<D, K>>> => listPage(collection, { ...query, filter: own(query.filter) }),

    async count(filter: Filter<D> = {}): Promise<number> {
      const { total } = await collection.where(own(filter)).count();
      return total;
    },

    /**
     * How many of this tenant's documents hold each value of `field` (one aggregation: match the tenant,
     * group by the field), the most frequent first and ties by value, at most `limit` values.
     */
    async countBy<F extends keyof D & string>(field: F, limit: number): Promise<{ value: D[F]; count: number }[]> {
      const { list } = await collection
        .aggregate()
        .match(own())
        .group({ _id: `$${field}`, count: database.command.aggregate.sum(1) })
        .sort({ count: -1, _id: 1 })
        .limit(limit)
        .end<{ _id: D[F]; count: number }>();
      return list.map((row) => ({ value: row._id, count: row.count }));
    },

    /** Creates a document of this tenant (the database assigns `_id` unless the document has one). */
    async insert(doc: Writable<Omit<D, '_id' | 'serviceProviderId'>> & { _id?: string }): Promise<string> {
      const { _id } = await collection.add({ data: { ...doc, serviceProviderId: tenant.serviceProviderId } as unknown as NewDocument<D> });
      return _id;
    },

    /** Updates only this tenant's document; another provider's id is NOT_FOUND and changes nothing. */
    async updateById(id: string, data: UpdateData<D>, notFoundMessage = DEFAULT_NOT_FOUND): Promise<void> {
      const { stats } = await collection.where(own({ _id: id } as Filter<D>)).update({ data });
      if (stats.updated === 0 && !(await findById(id, { _id: true } as Projection<keyof D>))) throw new AppError('NOT_FOUND', notFoundMessage);
    },

    /** Updates every document of this tenant matching `filter`; answers how many changed. */
    async updateWhere(filter: Filter<D>, data: UpdateData<D>): Promise<number> {
      const { stats } = await collection.where(own(filter)).update({ data });
      return stats.updated;
    },
  };
}

export type ScopedCollection<N extends TenantCollectionName> = ReturnType<typeof scoped<N>>;

/**
 * Collections not owned by one tenant (see UnscopedCollectionName), with the same named operations;
 * the name says that no tenant filter applies.
 */
export function unscoped<N extends UnscopedCollectionName>(name: N, database: Database = db()) {
  type D = DocumentOf<N>;
  const collection = database.collection(name);
  return {
    name,
    query: (filter: Filter<D> = {}): Query<D> => collection.where(filter),
    findById: (id: string): Promise<D | null> => findDocument(collection.doc(id)),
    /** One page and the total across every tenant (console lists), fetched in parallel. */
    list: <K extends keyof D = keyof D>(query: ListQuery<D, K>): Promise<Page<Pick<D, K>>> => listPage(collection, query),
    async findOne(filter: Filter<D>): Promise<D | null> {
      const { data } = await collection.where(filter).limit(1).get();
      return data[0] ?? null;
    },
    async count(filter: Filter<D> = {}): Promise<number> {
      const { total } = await collection.where(filter).count();
      return total;
    },
    /** Creates a document; with an `_id` that exists already, the database refuses it (duplicate key). */
    async insert(doc: NewDocument<D>): Promise<string> {
      const { _id } = await collection.add({ data: doc });
      return _id;
    },
    /** Writes the whole document at `id`, creating it or replacing what is there. */
    async replace(id: string, doc: Writable<Omit<D, '_id'>>): Promise<void> {
      await collection.doc(id).set({ data: doc });
    },
    /** Answers how many documents changed (0 when `id` is missing). */
    async updateById(id: string, data: UpdateData<D>): Promise<number> {
      const { stats } = await collection.doc(id).update({ data });
      return stats.updated;
    },
    async updateWhere(filter: Filter<D>, data: UpdateData<D>): Promise<number> {
      const { stats } = await collection.where(filter).update({ data });
      return stats.updated;
    },
    async removeWhere(filter: Filter<D>): Promise<number> {
      const { stats } = await collection.where(filter).remove();
      return stats.removed;
    },
  };
}

/**
 * Reads a tenant document by id before its tenant is known, for the one path that is provider-wide by
 * design (the PC system routes a customer's message by customer, not by provider): the document comes
 * back with the tenant that owns it, and every later read and write goes through that tenant's scope.
 */
export async function findWithOwner<N extends TenantCollectionName>(name: N, id: string, database: Database = db()): Promise<{ tenant: TenantRef; document: TenantDoc<N> } | null> {
  const document = await findDocument(database.collection(name).doc(id));
  return document ? { tenant: { serviceProviderId: document.serviceProviderId }, document } : null;
}

/**
 * Reads tenant documents by a field that names them across providers (the vendor's externalId of a
 * customer: the PC system and the sync know customers by it, not by provider), before the tenant is
 * known: each comes back with the tenant that owns it, and every later read and write goes through that
 * tenant's scope. At most `limit` documents (the SDK's page).
 */
export async function findManyWithOwner<N extends TenantCollectionName, K extends keyof TenantDoc<N>>(
  name: N,
  filter: Filter<TenantDoc<N>>,
  fields: Projection<K | 'serviceProviderId'>,
  limit: number,
  database: Database = db(),
): Promise<{ tenant: TenantRef; document: Pick<TenantDoc<N>, K | 'serviceProviderId'> }[]> {
  const { data } = await database.collection(name).where(filter).field(fields).limit(limit).get();
  return data.map((document) => ({ tenant: { serviceProviderId: document.serviceProviderId as string }, document }));
}
