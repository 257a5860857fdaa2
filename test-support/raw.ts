import type { RunningEmulators } from '../emulator/src/suite';

/** Raw stored documents matching top-level equalities, filtered here so arranging tests need no index. */
export async function rawDocs(emu: RunningEmulators, collection: string, filter: Record<string, unknown> = {}): Promise<any[]> {
  const all = (await emu.database.find(collection, {})) as any[];
  return all.filter((doc) => Object.entries(filter).every(([k, v]) => doc[k] === v));
}

/** Everything the given collections hold, to show that a refused call changed nothing. */
export async function snapshot(emu: RunningEmulators, collections: string[]) {
  const out: Record<string, unknown[]> = {};
  for (const c of collections) out[c] = await emu.database.find(c, {});
  return out;
}
