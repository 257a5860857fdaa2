/**
 * The one error shape of the simulator's own API (the page's /api/*): a status, a closed code and a
 * message in Chinese (the page shows it), with the field issues when a form was wrong.
 */
import type { ProtocolIssue } from '@partner-desk/pc-protocol';

export type SimulatorErrorCode = 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'CONFLICT' | 'UNSUPPORTED_MEDIA_TYPE' | 'PAYLOAD_TOO_LARGE';

export class SimulatorError extends Error {
  override name = 'SimulatorError';
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 415,
    readonly code: SimulatorErrorCode,
    message: string,
    readonly issues?: ProtocolIssue[],
  ) {
    super(message);
  }

  toBody(): { error: { code: string; message: string; issues?: ProtocolIssue[] } } {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

export const invalid = (message: string, issues?: ProtocolIssue[]) => new SimulatorError(400, 'INVALID_ARGUMENT', message, issues);
export const notFound = (message: string) => new SimulatorError(404, 'NOT_FOUND', message);
export const conflict = (message: string) => new SimulatorError(409, 'CONFLICT', message);
