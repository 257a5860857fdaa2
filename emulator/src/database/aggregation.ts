/** Runs an aggregation pipeline over documents already read from a collection (mingo, with fixes). */
import { Aggregator } from 'mingo/aggregator';
import type { Doc } from '../types';
import { invalidRequest } from './errors';
import { runGeoNearStage } from './operators/geo/geo-near-stage';
import { compileFilter, guard, MINGO_OPTIONS } from './query-runner';

/**
 * Stages run here rather than by mingo: $sample (mingo draws with replacement, so the same document can
 * come back twice; MongoDB and CloudBase return distinct documents) and $geoNear (missing in mingo; only
 * valid as the first stage). mingo handles the stretches between them.
 */
export function runPipeline(pipeline: Doc[], input: Doc[], collectionResolver: (name: string) => Doc[], collectionName = ''): Doc[] {
  let docs = input;
  let start = 0;
  if (pipeline[0] && '$geoNear' in pipeline[0]) {
    docs = guard(() => runGeoNearStage(docs, pipeline[0].$geoNear, collectionName, (filter) => {
      const query = compileFilter(filter);
      return (doc) => query.test(doc);
    }));
    start = 1;
  }
  for (let i = start; i <= pipeline.length; i++) {
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

/** Checks what must hold of the whole pipeline before any part of it runs. */
export function assertValidPipeline(pipeline: Doc[]): void {
  pipeline.forEach((stage, i) => {
    if (i > 0 && '$geoNear' in stage) throw invalidRequest('$geoNear is only valid as the first stage in a pipeline');
  });
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
