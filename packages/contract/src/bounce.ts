/**
 * Accept-or-bounce: a consultation routed to the provider and not answered within the provider's
 * bounceMinutes (profile.settings, admins) goes back to HQ; a warning goes out BOUNCE_WARNING_MINUTES
 * before (or halfway, for deadlines shorter than twice that).
 * A module of its own without zod, so the app shows the countdown without the schemas in its bundle.
 */
export const DEFAULT_BOUNCE_MINUTES = 10;
export const MIN_BOUNCE_MINUTES = 1;
export const MAX_BOUNCE_MINUTES = 120;
export const BOUNCE_WARNING_MINUTES = 3;
