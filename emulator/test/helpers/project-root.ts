import path from 'node:path';

/** The repository root: node_modules, tsconfig.json, and the product's own cloudbaserc.json. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** The emulator tests' own CloudBase project (fixtures/project): tiny functions and collections, nothing of the product. */
export const FIXTURE_PROJECT_ROOT = path.resolve(__dirname, '../fixtures/project');

/** @deprecated the repository root; say REPO_ROOT. Kept so older imports keep meaning what they meant. */
export const PROJECT_ROOT = REPO_ROOT;
