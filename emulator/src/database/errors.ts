/** Every failure leaves the engine as a DatabaseError with a CloudBase code, never a bare TypeError. */
import { DatabaseError } from '../types';

export function asDatabaseError(error: unknown): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DatabaseError('DATABASE_REQUEST_FAILED', message);
}

export function collectionNotExist(name: string): DatabaseError {
  return new DatabaseError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`);
}

export function invalidRequest(message: string): DatabaseError {
  return new DatabaseError('DATABASE_REQUEST_FAILED', message);
}
