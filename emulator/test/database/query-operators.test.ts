import type { LocalDatabaseEngine } from '../../src/database/index';
import type { Doc } from '../../src/types';
import { cleanup, errorCode, openTestDb } from './helpers';

const people: Doc[] = [
  { _id: 'ann', name: 'Ann', age: 31, tags: ['admin', 'ops'], city: 'Shanghai', score: 10, joined: new Date('2020-01-01'), address: { zip: '200000' }, grades: [{ subject: 'math', mark: 90 }, { subject: 'art', mark: 60 }] },
  { _id: 'bob', name: 'Bob', age: 25, tags: ['ops'], city: 'Beijing', score: 7, joined: new Date('2022-06-01'), grades: [{ subject: 'math', mark: 70 }] },
  { _id: 'cid', name: 'cid', age: 40, tags: [], city: 'Shanghai', score: 3, joined: new Date('2019-03-15'), nickname: null },
  { _id: 'dee', name: 'Dee', age: 25, tags: ['admin', 'dev', 'ops'], city: 'Shenzhen', score: 12, joined: new Date('2023-09-09'), budget: 50, spent: 80 },
];

let db: LocalDatabaseEngine;
beforeEach(async () => {
  db = await openTestDb([{ name: 'people', indexes: [] }]);
  await db.insert('people', people);
});
afterEach(cleanup);

async function ids(filter: Doc): Promise<string[]> {
  return (await db.find('people', filter)).map((d) => d._id as string).sort();
}

describe('query operators', () => {
  it.each<[string, Doc, string[]]>([
    ['plain equality', { city: 'Shanghai' }, ['ann', 'cid']],
    ['$eq', { age: { $eq: 25 } }, ['bob', 'dee']],
    ['$ne', { city: { $ne: 'Shanghai' } }, ['bob', 'dee']],
    ['$gt', { age: { $gt: 31 } }, ['cid']],
    ['$gte', { age: { $gte: 31 } }, ['ann', 'cid']],
    ['$lt', { age: { $lt: 31 } }, ['bob', 'dee']],
    ['$lte', { age: { $lte: 25 } }, ['bob', 'dee']],
    ['date range', { joined: { $gte: new Date('2021-01-01'), $lt: new Date('2023-01-01') } }, ['bob']],
    ['$in', { city: { $in: ['Beijing', 'Shenzhen'] } }, ['bob', 'dee']],
    ['$nin', { city: { $nin: ['Beijing', 'Shenzhen'] } }, ['ann', 'cid']],
    ['$and', { $and: [{ city: 'Shanghai' }, { age: { $gt: 35 } }] }, ['cid']],
    ['$or', { $or: [{ city: 'Beijing' }, { score: { $gte: 12 } }] }, ['bob', 'dee']],
    ['$nor', { $nor: [{ city: 'Beijing' }, { score: { $gte: 12 } }] }, ['ann', 'cid']],
    ['$not', { age: { $not: { $gt: 30 } } }, ['bob', 'dee']],
    ['$exists true', { budget: { $exists: true } }, ['dee']],
    ['$exists false', { address: { $exists: false } }, ['bob', 'cid', 'dee']],
    ['null matches missing and null', { nickname: null }, ['ann', 'bob', 'cid', 'dee']],
    ['$size', { tags: { $size: 2 } }, ['ann']],
    ['$all', { tags: { $all: ['admin', 'ops'] } }, ['ann', 'dee']],
    ['array contains', { tags: 'dev' }, ['dee']],
    ['$elemMatch', { grades: { $elemMatch: { subject: 'math', mark: { $gte: 80 } } } }, ['ann']],
    ['$mod', { age: { $mod: [5, 0] } }, ['bob', 'dee', 'cid'].sort()],
    ['$regex RegExp value', { name: { $regex: /^c/i } }, ['cid']],
    ['$regex string + $options', { name: { $regex: '^b', $options: 'i' } }, ['bob']],
    ['RegExp literal', { city: /^Sh/ }, ['ann', 'cid', 'dee']],
    ['$expr', { $expr: { $gt: ['$spent', '$budget'] } }, ['dee']],
    ['dotted path', { 'address.zip': '200000' }, ['ann']],
    ['dotted path into array of objects', { 'grades.subject': 'art' }, ['ann']],
    ['$type', { nickname: { $type: 'null' } }, ['cid']],
  ])('%s', async (_label, filter, expected) => {
    expect(await ids(filter)).toEqual(expected);
  });

  it('sorts, skips, limits and projects', async () => {
    const page = await db.find('people', {}, { sort: { age: -1, name: 1 }, skip: 1, limit: 2, projection: { name: 1 } });
    expect(page).toEqual([
      { _id: 'ann', name: 'Ann' },
      { _id: 'bob', name: 'Bob' },
    ]);
    const excluded = await db.find('people', { _id: 'bob' }, { projection: { grades: 0, joined: 0, tags: 0 } });
    expect(excluded).toEqual([{ _id: 'bob', name: 'Bob', age: 25, city: 'Beijing', score: 7 }]);
  });

  it('counts with and without a filter', async () => {
    expect(await db.count('people', {})).toBe(4);
    expect(await db.count('people', { age: 25 })).toBe(2);
  });

  it('returns copies: mutating a result does not change the store', async () => {
    const [ann] = await db.find('people', { _id: 'ann' });
    (ann.tags as string[]).push('hacked');
    (ann.joined as Date).setTime(0);
    const [again] = await db.find('people', { _id: 'ann' });
    expect(again.tags).toEqual(['admin', 'ops']);
    expect(again.joined).toEqual(new Date('2020-01-01'));
  });

  it('reports bad input as DatabaseError DATABASE_REQUEST_FAILED', async () => {
    expect(await errorCode(db.find('people', { age: { $foo: 1 } }))).toBe('DATABASE_REQUEST_FAILED');
    expect(await errorCode(db.find('people', { name: { $regex: '(' } }))).toBe('DATABASE_REQUEST_FAILED');
    expect(await errorCode(db.find('people', {}, { sort: { age: 2 as 1 } }))).toBe('DATABASE_REQUEST_FAILED');
    expect(await errorCode(db.find('people', 'nope' as unknown as Doc))).toBe('DATABASE_REQUEST_FAILED');
  });

  it('fails with DATABASE_COLLECTION_NOT_EXIST on a missing collection', async () => {
    await expect(db.find('ghosts', {})).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST', message: 'Db or Table not exist: ghosts' });
    expect(await errorCode(db.count('ghosts', {}))).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(await errorCode(db.insert('ghosts', [{ a: 1 }]))).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(await errorCode(db.update('ghosts', {}, { a: 1 }, { multi: true, upsert: true, merge: true }))).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(await errorCode(db.remove('ghosts', {}, { multi: true }))).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(await errorCode(db.aggregate('ghosts', []))).toBe('DATABASE_COLLECTION_NOT_EXIST');
  });
});
