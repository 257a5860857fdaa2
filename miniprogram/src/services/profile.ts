import type { NotificationSettings, NotificationSettingsPayload, ProfileResult, UpdateProfilePayload } from '@partner-desk/contract';
import { request } from './cloud';

export type { NotificationSettings, ProfileResult };

export const fetchProfile = () => request('profile', 'get');
export const updateProfile = (input: UpdateProfilePayload) => request('profile', 'update', input);
/** Changes only the switches given; answers all of them as stored. */
export const updateNotificationSettings = (changes: NotificationSettingsPayload) => request('profile', 'settings', changes);
