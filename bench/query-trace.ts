import type { DatabaseEngine } from '../emulator/src/types';

/** One query a function sent during a traced call, as the engine served it. */
export interface TracedQuery {
  op: 'find' | 'count';
  collection: string;
  index: string | null;
  /** Documents read and tested against the filter; 0 for a count answered from index bounds alone. */
  examined: number;
}

type Traceable = Pick<DatabaseEngine, 'find' | 'count' | 'explain'>;

/**
 * Runs `call` while recording how the engine served each non-transactional find and count, by explaining
 * the same query: the figure that shows whether an action stays cheap as the data grows.
 */
export async function traceQueries(database: Traceable, call: () => Promise<unknown>): Promise<TracedQuery[]> {
  const traced: TracedQuery[] = [];
  const { find, count } = database;
  database.find = async function (collection, filter, options = {}, txId) {
    if (txId === undefined) {
      const plan = database.explain(collection, filter, options.sort, options.limit);
      traced.push({ op: 'find', collection, index: plan.index, examined: plan.scanned });
    }
    return find.call(database, collection, filter, options, txId);
  };
  database.count = async function (collection, filter, txId) {
    if (txId === undefined) {
      const plan = database.explain(collection, filter);
      traced.push({ op: 'count', collection, index: plan.index, examined: plan.exact ? 0 : plan.scanned });
    }
    return count.call(database, collection, filter, txId);
  };
  try {
    await call();
  } finally {
    database.find = find;
    database.count = count;
  }
  return traced;
}

/** The costliest query of a call, e.g. `count tickets 0 (exact)` or `find customers 20`. */
export function costliest(traced: TracedQuery[]): string {
  if (traced.length === 0) return '–';
  const worst = traced.reduce((a, b) => (b.examined > a.examined ? b : a));
  return `${worst.examined} (${worst.op} ${worst.collection})`;
}
