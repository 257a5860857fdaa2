/**
 * One logger per emulator, as firebase-tools' EmulatorLogger: every line carries the emulator's name and
 * a level, and one threshold for the whole suite decides what is printed (the CLI prints info and up,
 * --verbose adds debug, tests print errors only unless EMULATOR_VERBOSE is set). Services never call
 * console.* themselves, so a test or a tool can collect what a service reports through `sink`.
 */
import { format } from 'node:util';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** `silent` prints nothing; otherwise the lowest level printed. */
export type LogThreshold = LogLevel | 'silent';

export interface LogEntry {
  emulator: string;
  level: LogLevel;
  message: string;
  /** The error that caused an error/warn line, when there was one. */
  error?: unknown;
}

export type LogSink = (entry: LogEntry) => void;

const RANK: Record<LogThreshold, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function isLogThreshold(value: unknown): value is LogThreshold {
  return typeof value === 'string' && value in RANK;
}

/** Prints `[name] message` to stdout (debug, info) or stderr (warn, error), with the error's stack. */
export const consoleSink: LogSink = (entry) => {
  const line = `[${entry.emulator}] ${entry.message}`;
  const text = entry.error === undefined ? line : `${line}: ${format(entry.error instanceof Error ? (entry.error.stack ?? entry.error.message) : entry.error)}`;
  if (entry.level === 'warn' || entry.level === 'error') process.stderr.write(`${text}\n`);
  else process.stdout.write(`${text}\n`);
};

export interface LoggerOptions {
  /** Lowest level passed to the sink (default info). */
  threshold?: LogThreshold;
  sink?: LogSink;
}

export class EmulatorLogger {
  private readonly threshold: LogThreshold;
  private readonly sink: LogSink;

  constructor(
    readonly emulator: string,
    options: LoggerOptions = {},
  ) {
    this.threshold = options.threshold ?? 'info';
    this.sink = options.sink ?? consoleSink;
  }

  /** The logger of another emulator with the same threshold and sink (the suite hands one to each service). */
  forEmulator(emulator: string): EmulatorLogger {
    return new EmulatorLogger(emulator, { threshold: this.threshold, sink: this.sink });
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] >= RANK[this.threshold];
  }

  debug(message: string): void {
    this.write('debug', message);
  }

  info(message: string): void {
    this.write('info', message);
  }

  warn(message: string, error?: unknown): void {
    this.write('warn', message, error);
  }

  error(message: string, error?: unknown): void {
    this.write('error', message, error);
  }

  private write(level: LogLevel, message: string, error?: unknown): void {
    if (!this.enabled(level)) return;
    try {
      this.sink(error === undefined ? { emulator: this.emulator, level, message } : { emulator: this.emulator, level, message, error });
    } catch {
      // A failing sink must never take a service down.
    }
  }
}
