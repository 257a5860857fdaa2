export { generateSeed, SCALES, usageOf, planChat, type SeedOptions, type SeedSummary, type DemoLogin } from './generate';
export { importFolderSink, engineSink, type SeedSink } from './sinks';
export { DEMO_PASSWORDS, EXPIRING_DAYS } from './plan';
export { toCanonicalEjson } from './ejson';
export { Prng } from './prng';
