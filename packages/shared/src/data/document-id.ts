import { z } from 'zod';

/** A document id in a payload: bounded, so an operator object or a megabyte string never reaches a query. */
export const documentIdSchema = z.string().trim().min(1).max(64);
