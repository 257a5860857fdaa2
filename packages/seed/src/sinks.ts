import fs from 'node:fs';
import path from 'node:path';
import { collections as declaredCollections } from '@partner-desk/database';
import { toCanonicalEjson } from './ejson';

type Doc = Record<string, unknown>;

/** Where generated documents go, one collection at a time. `write` may return a promise to apply backpressure. */
export interface SeedSink {
  begin(collection: string): Promise<void>;
  write(doc: Doc): void | Promise<void>;
  end(collection: string, count: number): Promise<void>;
  finish(): Promise<void>;
}

function indexesOf(collection: string) {
  const declaration = declaredCollections.find((c) => c.collectionName === collection);
  return (declaration?.createIndexes ?? []).map((index) => ({
    name: index.name,
    unique: Boolean(index.unique),
    keys: index.keys.map((key) => ({ name: key.name, direction: Number(key.direction) === -1 ? -1 : 1 })),
  }));
}

/**
 * The emulator's export format (`--import DIR`): one `<collection>.jsonl` of canonical EJSON documents per
 * collection and `collections.json` with counts and indexes. Lines are streamed with backpressure, so
 * memory stays flat whatever the scale.
 */
export function importFolderSink(dir: string): SeedSink {
  const meta: { name: string; count: number; indexes: ReturnType<typeof indexesOf> }[] = [];
  let stream: fs.WriteStream | undefined;
  let buffer: string[] = [];
  const flush = (): void | Promise<void> => {
    if (!buffer.length) return;
    const ok = stream!.write(buffer.join('\n') + '\n');
    buffer = [];
    if (!ok) return new Promise<void>((resolve) => stream!.once('drain', () => resolve()));
  };
  return {
    async begin(collection) {
      fs.mkdirSync(dir, { recursive: true });
      stream = fs.createWriteStream(path.join(dir, `${collection}.jsonl`), { encoding: 'utf8' });
    },
    write(doc) {
      buffer.push(toCanonicalEjson(doc));
      if (buffer.length >= 500) return flush();
    },
    async end(collection, count) {
      await flush();
      await new Promise<void>((resolve, reject) => stream!.end((err?: Error | null) => (err ? reject(err) : resolve())));
      meta.push({ name: collection, count, indexes: indexesOf(collection) });
    },
    async finish() {
      fs.writeFileSync(path.join(dir, 'collections.json'), JSON.stringify({ collections: meta }, null, 2) + '\n');
    },
  };
}

/** Inserts straight into a database engine in batches (bench and tests: no intermediate files). */
export function engineSink(engine: { insert(collection: string, docs: Doc[]): Promise<unknown>; settleIndexes(): void }, batchSize = 2000): SeedSink {
  let current = '';
  let batch: Doc[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const docs = batch;
    batch = [];
    await engine.insert(current, docs);
  };
  return {
    async begin(collection) {
      current = collection;
    },
    write(doc) {
      batch.push(doc);
      if (batch.length >= batchSize) return flush();
    },
    end: () => flush(),
    // The engine defers placing index entries during bulk writes; place them now, not in the first query.
    async finish() {
      engine.settleIndexes();
    },
  };
}
