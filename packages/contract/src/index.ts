/**
 * @partner-desk/contract: the wire contract between the mini-program and the cloud functions. Client-safe
 * by construction: it imports zod and nothing else (no SDK, no node built-in, no server code); the
 * browser bundle test (packages/cloud-client/test/browser-bundle.test.ts) keeps it so.
 */
export * from './errors';
export * from './result';
export * from './enums';
export * from './common';
export * from './about';
export * from './subscribe-templates';
export * from './define';
export * from './contract';
export * from './images';
export * from './ticket-rules';
export * from './functions/health';
export * from './functions/auth';
export * from './functions/dashboard';
export * from './functions/customers';
export * from './functions/tickets';
export * from './functions/messages';
export * from './functions/chat';
export * from './functions/profile';
export * from './functions/admin';
