import { randomUUID } from 'node:crypto';

/**
 * The one id generator for documents the functions create (`tk_…`, `st_…`, `ob_…`, `sp_…` …): 128 random
 * bits, so ids chosen before writing (transactions only have doc() operations) never collide.
 */
export const newId = (prefix: string): string => `${prefix}_${randomUUID().replace(/-/g, '')}`;
