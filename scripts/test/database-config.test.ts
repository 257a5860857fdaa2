import fs from 'node:fs';
import { collections, storageAccess } from '@partner-desk/database';
import { loadProjectConfig } from '../../emulator/src/config';
import { PRODUCT_ROOT } from '../../test-support';
import { CLOUDBASERC_PATH, DATABASE_PLUGIN, expectedCloudbaserc, toPluginCollection } from '../generate-database-config';

/**
 * cloudbaserc.json carries the collections the way CloudBase's own deploy reads them:
 * framework.plugins.database = { use: "@cloudbase/framework-plugin-database", inputs: { collections } }
 * (docs.cloudbase.net/framework/plugins/framework-plugin-database), generated from database/ by
 * `npm run build` (scripts/generate-database-config.ts); the emulator reads the same entry.
 */
const rc = () => JSON.parse(fs.readFileSync(CLOUDBASERC_PATH, 'utf8'));

test('When cloudbaserc.json is compared with database/, then it is exactly what the generator makes from it (run `npm run build` if not)', () => {
  expect(fs.readFileSync(CLOUDBASERC_PATH, 'utf8')).toBe(expectedCloudbaserc());
});

test('When the database plugin entry is read, then every collection of database/ is there in the plugin\'s documented shape and nothing else carries them', () => {
  const config = rc();
  expect(config.database).toBeUndefined(); // the old custom `database.declarations` key no tool read
  const plugin = config.framework.plugins.database;
  expect(plugin.use).toBe(DATABASE_PLUGIN);
  const declared = plugin.inputs.collections;
  expect(declared.map((c: { collectionName: string }) => c.collectionName)).toEqual(collections.map((c) => c.collectionName));
  for (const entry of declared) {
    // The plugin's limits: name 1–64, description 1–128, 1–20 indexes of 1–20 keys, directions "1" | "-1" | "2dsphere".
    expect(entry.collectionName).toMatch(/^.{1,64}$/);
    expect(entry.description.length).toBeGreaterThanOrEqual(1);
    expect(entry.description.length).toBeLessThanOrEqual(128);
    expect(['READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY', 'CUSTOM']).toContain(entry.aclTag);
    if (entry.aclTag === 'CUSTOM') expect(entry.aclRule).toEqual(expect.any(Object));
    expect(entry).not.toHaveProperty('schema');
    if (entry.createIndexes === undefined) continue;
    expect(entry.createIndexes.length).toBeGreaterThanOrEqual(1);
    expect(entry.createIndexes.length).toBeLessThanOrEqual(20);
    for (const index of entry.createIndexes) {
      expect(index).toEqual({ name: expect.stringMatching(/^.{1,64}$/), unique: expect.any(Boolean), keys: expect.any(Array) });
      for (const key of index.keys) expect(['1', '-1', '2dsphere']).toContain(key.direction);
    }
  }
  const customers = declared.find((c: { collectionName: string }) => c.collectionName === 'customers');
  expect(customers).toEqual(toPluginCollection(collections.find((c) => c.collectionName === 'customers')!));
  expect(customers.createIndexes[0]).toEqual({ name: 'uniq_provider_external', unique: true, keys: [{ name: 'serviceProviderId', direction: '1' }, { name: 'externalId', direction: '1' }] });
});

test('When the emulator loads the product, then it has database/\'s collections, indexes and rules from that entry', async () => {
  const config = await loadProjectConfig(PRODUCT_ROOT, {});
  expect(config.collections).toEqual(
    collections.map((c) => ({
      name: c.collectionName,
      indexes: c.createIndexes.map((index) => ({ name: index.name, unique: index.unique === true, keys: index.keys.map((key) => ({ name: key.name, direction: key.direction === '-1' ? -1 : 1 })) })),
      rule: c.aclRule ?? (c.aclTag !== 'CUSTOM' ? c.aclTag : undefined),
    })),
  );
});

test('When the emulator loads the product, then its storage permission is database/storage.ts’s: clients read their own files and write only their own upload paths', async () => {
  const config = await loadProjectConfig(PRODUCT_ROOT, {});
  expect(config.storage).toEqual(storageAccess);
  expect(rc().storage).toEqual(storageAccess);
});

