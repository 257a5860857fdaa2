import type { UserRole } from '@partner-desk/contract';
import { AppError } from '../errors';
import { db, getDocOrNull, type Db } from './database';
import { offsetOf, type Page, type Paging } from './paging';

/** Who is acting, resolved from the session: every tenant read and write is scoped by serviceProviderId. */
export interface Tenant {
  serviceProviderId: string;
  userId: string;
  userName: string;
  role: UserRole;
}

export interface ListQuery {
  filter?: Record<string, unknown>;
  orderBy: [field: string, direction: 'asc' | 'desc'][];
  paging: Paging;
  fields?: Record<string, boolean>;
}

/**
 * The one place tenant isolation is enforced. Repositories get collections through `scoped()`: every
 * filter is ANDed with the caller's serviceProviderId, every insert is stamped with it, and an id that
 * belongs to another provider reads exactly like a missing one (NOT_FOUND), so ids can't be probed.
 */
export function scoped(tenant: Pick<Tenant, 'serviceProviderId'>, collectionName: string, database: Db = db()) {
  const collection = database.collection(collectionName);
  const own = (filter: Record<string, unknown> = {}) => ({ ...filter, serviceProviderId: tenant.serviceProviderId });

  return {
    name: collectionName,
    /** A query already restricted to this tenant. */
    where: (filter: Record<string, unknown> = {}) => collection.where(own(filter)),

    async findById<T>(id: string, fields?: Record<string, boolean>): Promise<T | null> {
      let query = collection.where(own({ _id: id }));
      if (fields) query = query.field(fields);
      const { data } = await query.limit(1).get();
      return (data[0] as T) ?? null;
    },

    async getById<T>(id: string, notFoundMessage = '记录不存在'): Promise<T> {
      const doc = await this.findById<T>(id);
      if (!doc) throw new AppError('NOT_FOUND', notFoundMessage);
      return doc;
    },

    /** One page and the total, fetched in parallel: one round trip of latency. */
    async list<T>({ filter, orderBy, paging, fields }: ListQuery): Promise<Page<T>> {
      let query = collection.where(own(filter));
      for (const [field, direction] of orderBy) query = query.orderBy(field, direction);
      if (fields) query = query.field(fields);
      const [{ data }, { total }] = await Promise.all([query.skip(offsetOf(paging)).limit(paging.pageSize).get(), collection.where(own(filter)).count()]);
      return { items: data as T[], total, page: paging.page, pageSize: paging.pageSize };
    },

    async count(filter: Record<string, unknown> = {}): Promise<number> {
      const { total } = await collection.where(own(filter)).count();
      return total;
    },

    async insert(doc: Record<string, unknown>): Promise<string> {
      const { _id } = await collection.add({ data: { ...doc, serviceProviderId: tenant.serviceProviderId } });
      return _id as string;
    },

    /** Updates only this tenant's document; another provider's id is NOT_FOUND and changes nothing. */
    async updateById(id: string, data: Record<string, unknown>, notFoundMessage = '记录不存在'): Promise<void> {
      const { stats } = await collection.where(own({ _id: id })).update({ data });
      if (stats.updated === 0 && !(await this.findById(id, { _id: true }))) throw new AppError('NOT_FOUND', notFoundMessage);
    },

    async updateWhere(filter: Record<string, unknown>, data: Record<string, unknown>): Promise<number> {
      const { stats } = await collection.where(own(filter)).update({ data });
      return stats.updated as number;
    },
  };
}

export type ScopedCollection = ReturnType<typeof scoped>;

/**
 * Inside a transaction only doc() operations exist, so scoping is a check after the read: a document of
 * another provider is treated as missing.
 */
export function scopedInTransaction(tenant: Pick<Tenant, 'serviceProviderId'>, transaction: Db) {
  return {
    async getById<T extends { serviceProviderId?: string }>(collectionName: string, id: string, notFoundMessage = '记录不存在'): Promise<T> {
      const doc = await getDocOrNull<T>(transaction.collection(collectionName).doc(id));
      if (!doc || doc.serviceProviderId !== tenant.serviceProviderId) throw new AppError('NOT_FOUND', notFoundMessage);
      return doc;
    },
    update(collectionName: string, id: string, data: Record<string, unknown>) {
      return transaction.collection(collectionName).doc(id).update({ data });
    },
    insert(collectionName: string, id: string, doc: Record<string, unknown>) {
      return transaction.collection(collectionName).doc(id).set({ data: { ...doc, serviceProviderId: tenant.serviceProviderId } });
    },
  };
}
