/**
 * Notifications that follow a committed change (signals, message-centre entries) are best effort: the
 * change is already durable, and failing the call now would make the client retry a write that
 * succeeded (a second ticket). A failure is logged; clients still refetch on their next view.
 */
export async function notifyAfterCommit(what: string, ...notifications: (() => Promise<unknown>)[]): Promise<void> {
  const results = await Promise.allSettled(notifications.map((notify) => notify()));
  for (const result of results) if (result.status === 'rejected') console.error(`[after-commit] ${what} notification failed`, result.reason);
}
