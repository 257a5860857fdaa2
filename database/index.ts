import type { CollectionDeclaration } from './declaration';
import { healthChecks } from './collections/health-checks';

/** Every collection of the product: the single source for the emulator, the deploy step and the console. */
export const collections: CollectionDeclaration[] = [healthChecks];
