import type * as z from 'zod';

type Direction = '1' | '-1' | '2dsphere';

/**
 * A collection as cloudbase-framework's database plugin declares it (collectionName, createIndexes,
 * aclTag/aclRule); the emulator and the deploy step read this shape. `schema` is the document's zod
 * schema, used by repositories and the seed, and ignored by the deploy step.
 */
export interface CollectionDeclaration<S extends z.ZodType = z.ZodType> {
  collectionName: string;
  description: string;
  schema: S;
  createIndexes: { name: string; unique?: boolean; keys: { name: string; direction: Direction }[] }[];
  /** Simple permission mode, or CUSTOM with aclRule. */
  aclTag?: 'READONLY' | 'PRIVATE' | 'ADMINWRITE' | 'ADMINONLY' | 'CUSTOM';
  /** Custom security rule; `{}` denies every client (everything goes through functions). */
  aclRule?: Record<string, unknown>;
}

/** Keeps the collection's name as a literal type, so COLLECTIONS and CollectionDocuments can be keyed by it. */
export function declareCollection<const N extends string, S extends z.ZodType>(declaration: CollectionDeclaration<S> & { collectionName: N }): CollectionDeclaration<S> & { collectionName: N } {
  return declaration;
}

/** Index helper: `index('by_provider_updated', ['serviceProviderId', 1], ['updatedAt', -1])`. */
export function index(name: string, ...keys: [string, 1 | -1][]) {
  return { name, keys: keys.map(([key, dir]) => ({ name: key, direction: String(dir) as Direction })) };
}

export function uniqueIndex(name: string, ...keys: [string, 1 | -1][]) {
  return { ...index(name, ...keys), unique: true };
}

/** Clients never touch these collections: every read and write goes through a cloud function. */
export const FUNCTIONS_ONLY = { aclTag: 'CUSTOM' as const, aclRule: {} };
