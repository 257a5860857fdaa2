/** Database service entry point: `openDatabase` returns the engine every other service talks to. */
import type { DatabaseEngine, OpenDatabaseOptions } from '../types';
import { LocalDatabaseEngine, type EngineOptions } from './engine';

export { LocalDatabaseEngine, newDocumentId, type EngineOptions } from './engine';
export type { ExplainResult } from '../types';
export { parseEjson, stringifyEjson, toEjsonValue, fromEjsonValue } from './ejson';

/**
 * Opens (creating if needed) the store in `options.dataDir`, replays its snapshot and write-ahead log, and
 * creates the declared collections and indexes. The resolved value is a `LocalDatabaseEngine`, which adds
 * `explain`, `createIndex`, `listIndexes`, `compact` and `lastSeq` to the `DatabaseEngine` contract.
 */
export function openDatabase(options: OpenDatabaseOptions & Partial<EngineOptions>): Promise<DatabaseEngine & LocalDatabaseEngine> {
  return LocalDatabaseEngine.open(options);
}
