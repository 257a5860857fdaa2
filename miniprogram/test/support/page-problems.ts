import type { Page } from 'playwright-core';

export interface ProblemOptions {
  /** Put before each entry (a test driving several pages names them). */
  prefix?: string;
  /** A console error expected at this moment (e.g. while the test has taken the network away). */
  tolerateConsoleError?(text: string): boolean;
  /** Failed requests expected at this moment (offline on purpose). */
  tolerateRequestFailure?(): boolean;
  /** Whether failed requests count at all (default true). */
  requestFailures?: boolean;
}

/**
 * Collects into `problems` what a person would notice went wrong on `page`: console errors, uncaught
 * exceptions, failed requests and HTTP error answers. The browser tests expect none after each test.
 */
export function watchForProblems(page: Page, problems: string[], options: ProblemOptions = {}): void {
  const label = options.prefix ? `${options.prefix} ` : '';
  page.on('console', (m) => {
    if (m.type() !== 'error' || options.tolerateConsoleError?.(m.text())) return;
    problems.push(`${label}console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${label}pageerror: ${e.message}`));
  if (options.requestFailures !== false) {
    page.on('requestfailed', (r) => {
      if (options.tolerateRequestFailure?.()) return;
      problems.push(`${label}requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
    });
  }
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${label}${r.status()}: ${r.url()}`);
  });
}
