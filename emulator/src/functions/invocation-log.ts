/**
 * Bounded history of invocations (newest last) with lookup by id. Records are live objects: the admin
 * endpoint appends database operations to a running invocation's record, and late log lines and
 * client requests from a worker land on the record they belong to even after it finished.
 */
import type { ClientRequestRecord, InvocationRecord } from '../types';

/** A chatty function must not grow the emulator's memory without bound. */
const MAX_LOG_LINES = 2000;
const MAX_LINE_CHARS = 16_000;
const MAX_CLIENT_REQUESTS = 5000;

export class InvocationLog {
  private readonly records: InvocationRecord[] = [];
  private readonly byId = new Map<string, InvocationRecord>();

  constructor(private readonly capacity: number) {}

  add(record: InvocationRecord): void {
    this.records.push(record);
    this.byId.set(record.id, record);
    while (this.records.length > this.capacity) {
      const dropped = this.records.shift()!;
      this.byId.delete(dropped.id);
    }
  }

  get(id: string): InvocationRecord | undefined {
    return this.byId.get(id);
  }

  all(): InvocationRecord[] {
    return [...this.records];
  }

  appendLog(id: string | undefined, level: string, message: string, at: number): void {
    const record = id === undefined ? undefined : this.byId.get(id);
    if (!record) return;
    if (record.logs.length >= MAX_LOG_LINES) {
      if (record.logs.length === MAX_LOG_LINES) {
        record.logs.push({ level: 'warn', message: `[emulator] log truncated after ${MAX_LOG_LINES} lines`, at });
      }
      return;
    }
    const text = message.length > MAX_LINE_CHARS ? `${message.slice(0, MAX_LINE_CHARS)}… [truncated]` : message;
    record.logs.push({ level, message: text, at });
  }

  /** Requests the worker timed for this invocation; late ones (sent after the result) too. */
  appendClientRequests(id: string, requests: ClientRequestRecord[]): void {
    const record = this.byId.get(id);
    if (!record) return;
    const list = (record.clientRequests ??= []);
    for (const request of requests) {
      if (list.length >= MAX_CLIENT_REQUESTS) break;
      list.push(request);
    }
  }
}
