/**
 * Sequential round trips: how many times a caller had to wait for an answer before it could go on.
 * Requests are chained by overlap in start order; a new round starts when a request starts after every
 * earlier request has ended (it could have depended on their answers). Requests sent together
 * (Promise.all) overlap and count once.
 *
 * Use it on ClientRequestRecord intervals (InvocationRecord.clientRequests), which the function worker
 * times as the caller sees them; server-side DatabaseOperationRecord intervals of parallel requests often
 * don't overlap on a busy machine, because the worker spends longer preparing each request than the
 * emulator takes to answer it.
 */
export interface Interval {
  startedAt: number;
  endedAt: number;
}

export function countSequentialRoundTrips(intervals: readonly Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a.startedAt - b.startedAt || a.endedAt - b.endedAt);
  let rounds = 0;
  let roundEnd = -Infinity;
  for (const { startedAt, endedAt } of sorted) {
    if (startedAt >= roundEnd) {
      rounds++; // everything earlier had finished: the caller waited for it
      roundEnd = endedAt;
    } else roundEnd = Math.max(roundEnd, endedAt);
  }
  return rounds;
}

/** An invocation record as the hub serves it: with `sequentialRoundTrips` counted from its client requests. */
export function withSequentialRoundTrips<T extends { clientRequests?: readonly Interval[] }>(record: T): T & { sequentialRoundTrips?: number } {
  return record.clientRequests ? { ...record, sequentialRoundTrips: countSequentialRoundTrips(record.clientRequests) } : record;
}
