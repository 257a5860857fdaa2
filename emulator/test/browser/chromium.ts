/**
 * The one place that finds chromium for browser tests, benchmarks and scripts, and says in one line what a
 * machine lacks when it is not there (instead of a playwright stack per test).
 *
 *   PD_CHROMIUM=/path/to/chromium npm test    # any chromium or Chrome build; default /usr/bin/chromium
 *
 * Chinese text needs a CJK font (Debian: fonts-noto-cjk); without one chromium draws boxes, so a missing font
 * is reported the same way where fontconfig can tell (Linux). CHROMIUM_PATH is read too, as older scripts
 * here used it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Headless and quiet: no GPU, no QUIC, nothing fetched from Google behind the tests' back. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.PD_CHROMIUM || env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

/** Thrown before anything is started; its stack is its message, so jest prints the one line and no trace. */
export class BrowserPrerequisiteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserPrerequisiteError';
    this.stack = message;
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** true/false when fontconfig answers, undefined where there is no fontconfig to ask (macOS, Windows). */
function hasChineseFont(): boolean | undefined {
  const run = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8', timeout: 10_000 });
  if (run.error || run.status !== 0) return undefined;
  return run.stdout.trim().length > 0;
}

let checked: string | null | undefined;

/** The one-line reason browser tests cannot run on this machine, or null when they can (checked once). */
export function missingBrowserPrerequisites(): string | null {
  if (checked !== undefined) return checked;
  const executable = chromiumPath();
  const missing: string[] = [];
  if (!isExecutable(executable)) missing.push(`no chromium at ${executable}`);
  if (hasChineseFont() === false) missing.push('no Chinese font');
  checked = missing.length
    ? `Browser tests need chromium and a Chinese font (${missing.join(', ')}): on Debian/Ubuntu run \`sudo apt-get install chromium fonts-noto-cjk\`, or point PD_CHROMIUM at another chromium or Chrome binary.`
    : null;
  return checked;
}

export function assertBrowserPrerequisites(): void {
  const missing = missingBrowserPrerequisites();
  if (missing) throw new BrowserPrerequisiteError(missing);
}

/** Launches headless chromium, after checking the machine has it (so nothing else was started in vain). */
export async function launchChromium(options: Omit<LaunchOptions, 'executablePath'> = {}): Promise<Browser> {
  assertBrowserPrerequisites();
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, ...options });
}
