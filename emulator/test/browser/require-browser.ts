/**
 * jest globalSetup of the `browser` project (jest.config.js): jest runs it only when at least one browser
 * test is selected, before any test file. On a machine without chromium (or a Chinese font) the run stops
 * here with one line saying what to install, rather than every browser test failing with a playwright stack.
 */
import { assertBrowserPrerequisites } from './chromium';

export default function requireBrowser(): void {
  assertBrowserPrerequisites();
}
