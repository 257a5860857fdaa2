import { DEFAULT_MESSAGES, type ErrorCode } from '@partner-desk/contract';

/** The one error type domain code throws; anything else becomes INTERNAL with its details kept out of the answer. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    public readonly code: ErrorCode,
    message: string = DEFAULT_MESSAGES[code],
    public readonly details?: unknown,
  ) {
    super(message);
  }
}
