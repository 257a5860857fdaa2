import { getDatabase } from '../cloud';

/**
 * The slice of wx-server-sdk's database API the repositories use, typed loosely on purpose: the SDK's
 * own typings allow callback forms returning void, which every call site would otherwise have to cast.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export type Db = any;
export type Command = any;

export const db = (): Db => getDatabase();

/** wx-server-sdk's doc().get() throws for a missing id; repositories want "not found" as a value. */
export async function getDocOrNull<T>(ref: { get(): Promise<{ data: unknown }> }): Promise<T | null> {
  try {
    const { data } = await ref.get();
    return (Array.isArray(data) ? data[0] : data) as T;
  } catch (err) {
    if (/does not exist|not exist|cannot find document/i.test(String((err as Error)?.message ?? err))) return null;
    throw err;
  }
}

/** Escapes user text for use inside a RegExp (keyword search must never be a regex injection). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
