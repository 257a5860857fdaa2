import { createRouter, defineAction, pingPayloadSchema, readCallerContext, recordPing } from '@partner-desk/shared';

/** health: liveness that touches the database; needs no identity. */
export const actions = {
  ping: defineAction(pingPayloadSchema, () => recordPing()),
};

export const main = createRouter(actions, { resolveCaller: readCallerContext });
