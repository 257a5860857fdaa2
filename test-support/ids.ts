import { randomBytes } from 'node:crypto';

let counter = 0;

/**
 * The one id (and name) generator of test arrangement: a fresh value per call, so tenants, usernames,
 * OPENIDs and documents never collide across the tests of one emulator run.
 */
export const uniqueId = (prefix: string, separator = '_'): string => `${prefix}${separator}${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(3).toString('hex')}`;

/** A fresh name for a test's own tenant or user (no separator: usernames allow only a few characters). */
export const uniqueName = (prefix: string): string => uniqueId(prefix, '');
