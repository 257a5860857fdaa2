import type { ActionHandler } from '../router';
import { recordPing } from './record-ping';

export const ping: ActionHandler<'health', 'ping'> = () => recordPing();
