import { CONTRACT } from '@partner-desk/contract';
import { createRouter, readCallerContext, type FunctionHandlers } from '@partner-desk/shared';
import { ping } from '@partner-desk/shared/health';

/** health: liveness that touches the database; needs no identity. */
export const handlers = {
  ping,
} satisfies FunctionHandlers<'health'>;

export const main = createRouter(CONTRACT.health, handlers, { resolveCaller: readCallerContext });
