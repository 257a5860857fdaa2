/**
 * cloudbaserc.json's database plugin entry from database/: the collections, their indexes and security
 * rules in `@cloudbase/framework-plugin-database`'s format (docs.cloudbase.net/framework/plugins/
 * framework-plugin-database), so `tcb framework deploy` creates them and the emulator reads the same
 * entry; and the storage permission (`storage`, from database/storage.ts), as
 * `tcb storage rules update --acl <acl> --rules <json>` takes it. database/ stays the single source (each declaration also carries a zod `schema`, which is code
 * and not deployed). `npm run build` runs this; scripts/test/database-config.test.ts fails when the two
 * differ.
 *
 *   tsx scripts/generate-database-config.ts          rewrites cloudbaserc.json when it is stale
 */
import fs from 'node:fs';
import path from 'node:path';
import { collections, storageAccess, type CollectionDeclaration } from '@partner-desk/database';

const ROOT = path.resolve(__dirname, '..');
export const CLOUDBASERC_PATH = path.join(ROOT, 'cloudbaserc.json');
/** The key under framework.plugins, and the plugin CloudBase runs for it. */
export const DATABASE_PLUGIN_KEY = 'database';
export const DATABASE_PLUGIN = '@cloudbase/framework-plugin-database';

export interface PluginCollection {
  collectionName: string;
  description: string;
  aclTag: NonNullable<CollectionDeclaration['aclTag']>;
  aclRule?: Record<string, unknown>;
  /** The plugin takes 1–20 indexes, so a collection without any leaves the field out. */
  createIndexes?: { name: string; unique: boolean; keys: { name: string; direction: '1' | '-1' | '2dsphere' }[] }[];
}

/** One declaration as the plugin takes it: every field the plugin documents, `unique` always said. */
export function toPluginCollection(declaration: CollectionDeclaration): PluginCollection {
  return {
    collectionName: declaration.collectionName,
    description: declaration.description,
    // A rule without a tag is a custom rule; neither is the platform's default for server-created collections.
    aclTag: declaration.aclTag ?? (declaration.aclRule ? 'CUSTOM' : 'ADMINONLY'),
    ...(declaration.aclRule ? { aclRule: declaration.aclRule } : {}),
    ...(declaration.createIndexes.length
      ? {
          createIndexes: declaration.createIndexes.map((index) => ({
            name: index.name,
            unique: index.unique === true,
            keys: index.keys.map((key) => ({ name: key.name, direction: key.direction })),
          })),
        }
      : {}),
  };
}

type Rc = Record<string, unknown> & { framework?: { plugins?: Record<string, unknown> } & Record<string, unknown> };

/** `rc` with framework.plugins.database set from `list` (other plugins and keys kept in place). */
export function withDatabasePlugin(rc: Rc, list: CollectionDeclaration[] = collections): Rc {
  const framework = rc.framework ?? {};
  const plugins = { ...(framework.plugins ?? {}) };
  plugins[DATABASE_PLUGIN_KEY] = { use: DATABASE_PLUGIN, inputs: { collections: list.map(toPluginCollection) } };
  return { ...rc, framework: { ...framework, plugins } };
}

export function renderCloudbaserc(rc: Rc): string {
  return `${JSON.stringify(rc, null, 2)}\n`;
}

/** `rc` with the storage permission of database/storage.ts. */
export function withStorageAccess(rc: Rc, access: object = storageAccess): Rc {
  return { ...rc, storage: access };
}

/** The file as it should be, from the one on disk. */
export function expectedCloudbaserc(file = CLOUDBASERC_PATH): string {
  return renderCloudbaserc(withStorageAccess(withDatabasePlugin(JSON.parse(fs.readFileSync(file, 'utf8')) as Rc)));
}

/** Rewrites cloudbaserc.json when it differs from database/; true when it did. */
export function writeCloudbasercIfStale(file = CLOUDBASERC_PATH): boolean {
  const expected = expectedCloudbaserc(file);
  if (fs.readFileSync(file, 'utf8') === expected) return false;
  fs.writeFileSync(file, expected);
  return true;
}

if (require.main === module) {
  if (writeCloudbasercIfStale()) console.log(`cloudbaserc.json: framework.plugins.${DATABASE_PLUGIN_KEY} and storage regenerated from database/ (${collections.length} collections)`);
}
