/**
 * @partner-desk/pc-protocol: the protocol between Partner Desk and the vendor's PC-side system
 * (api-contract.md, "PC-system protocol"; docs/pc-protocol.md with examples). This entry is client-safe:
 * schemas, header names and limits, importing zod and the contract only. Signing and verifying need
 * node:crypto and live in `@partner-desk/pc-protocol/signing`; sending in `@partner-desk/pc-protocol/send`.
 */
export * from './headers';
export * from './events';
export * from './existing-system';
export * from './issues';
