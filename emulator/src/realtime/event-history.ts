/**
 * The events a watch has produced, kept so that a client reconnecting with REBUILD_WATCH + its last event
 * ID gets exactly the events it missed (no gap, no duplicate). Bounded by event count: a client further
 * behind than that is re-initialised instead (see WatchSession.rebuild).
 */
import type { WireEvent } from './watch-protocol';

export class EventHistory {
  /** Events in ID order; several consecutive events may share one ID (one snapshot). */
  private events: WireEvent[] = [];
  private start = 0;

  constructor(private readonly maxEvents: number) {}

  append(batch: WireEvent[]): void {
    for (const event of batch) this.events.push(event);
    const live = this.events.length - this.start;
    if (live > this.maxEvents) {
      // Drop whole snapshots only, so a replay never starts in the middle of one.
      let cut = this.start + (live - this.maxEvents);
      while (cut < this.events.length && cut > 0 && this.events[cut].ID === this.events[cut - 1].ID) cut++;
      this.start = cut;
      // Compact now and then rather than shifting the array on every append.
      if (this.start > 4096 && this.start > this.events.length / 2) {
        this.events = this.events.slice(this.start);
        this.start = 0;
      }
    }
  }

  /**
   * Events with ID > lastSeen, or null when some of them are no longer kept. `currentId` is the watch's
   * latest event ID (what a fully caught-up client has).
   */
  since(lastSeen: number, currentId: number): WireEvent[] | null {
    if (lastSeen === currentId) return [];
    if (lastSeen > currentId) return null;
    const oldest = this.start < this.events.length ? this.events[this.start].ID : currentId + 1;
    if (lastSeen + 1 < oldest) return null;
    const out: WireEvent[] = [];
    for (let i = this.events.length - 1; i >= this.start && this.events[i].ID > lastSeen; i--) out.push(this.events[i]);
    return out.reverse();
  }

  clear(): void {
    this.events = [];
    this.start = 0;
  }
}
