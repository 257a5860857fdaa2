/**
 * The one transport every call of the app goes through (functions, watches, files): chosen once by
 * `selectTransport()` from the build, unless a transport is configured explicitly (tests, previews).
 */
import { selectTransport } from './select-transport';
import type { CloudTransport } from './transport';

let current: CloudTransport | undefined;

/** Use this transport for every later call (pass undefined to go back to selectTransport()). */
export function configureCloud(transport: CloudTransport | undefined): void {
  current = transport;
}

export function activeTransport(): CloudTransport {
  return (current ??= selectTransport());
}
