/** Runs an aggregation pipeline over documents already read from a collection (mingo, with fixes). */
import { Aggregator } from 'mingo';
import type { Doc } from '../types';
import { invalidRequest } from './errors';
import { guard, MINGO_OPTIONS } from './query-runner';

/**
 * mingo's $sample draws with replacement (the same document can come back twice); MongoDB and CloudBase
 * return distinct documents, so $sample stages are run here and mingo handles the stretches between them.
 */
export function runPipeline(pipeline: Doc[], input: Doc[], collectionResolver: (name: string) => Doc[]): Doc[] {
  let docs = input;
  let start = 0;
  for (let i = 0; i <= pipeline.length; i++) {
    const stage = pipeline[i];
    if (i < pipeline.length && !(stage && '$sample' in stage)) continue;
    if (i > start) {
      const segment = pipeline.slice(start, i);
      const current = docs;
      docs = guard(() => new Aggregator(segment, { ...MINGO_OPTIONS, collectionResolver }).run<Doc>(current));
    }
    if (i < pipeline.length) docs = sampleDistinct(docs, (stage.$sample as { size?: unknown })?.size);
    start = i + 1;
  }
  return docs;
}

function sampleDistinct(docs: Doc[], size: unknown): Doc[] {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) throw invalidRequest('$sample size must be a non-negative integer');
  const pool = docs.slice();
  const n = Math.min(size, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(Math.random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}
