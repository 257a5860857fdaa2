import type { ActionHandler } from '../router';
import { healthRepository } from './repository';

export const ping: ActionHandler<'health', 'ping'> = () => healthRepository().recordPing();
