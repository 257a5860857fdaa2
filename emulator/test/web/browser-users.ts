/**
 * The start of every js-sdk browser test: a throwaway project's emulators and two pages signed in
 * anonymously as two distinct users, alice and bob (each page is its own browser context).
 */
import fs from 'node:fs';
import { closeBrowser, openBrowserPage, type BrowserClient } from '../browser/harness';
import { startTestEmulators } from '../helpers/test-emulators';
import type { RunningEmulators, StartEmulatorsOptions } from '../../src/suite';

export interface BrowserUsers {
  emu: RunningEmulators;
  alice: BrowserClient;
  bob: BrowserClient;
  aliceUid: string;
  bobUid: string;
  /** Closes chromium, stops the emulators and deletes the project folder. */
  close(): Promise<void>;
}

/** Signs the page in anonymously (as the SDK does); answers the uid. */
export function signInPage(client: BrowserClient): Promise<string> {
  return client.evaluate(async () => {
    const res = await (globalThis as any).signInAnonymously();
    if (res.error) throw new Error(`sign-in failed: ${JSON.stringify(res.error)}`);
    return res.data.user.id as string;
  });
}

export async function startBrowserUsers(root: string, envId: string, options: StartEmulatorsOptions = {}): Promise<BrowserUsers> {
  const emu = await startTestEmulators({ root, ...options });
  const close = async () => {
    await closeBrowser();
    await emu.stop();
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    const webHost = emu.env.TCB_EMULATOR_WEB_HOST;
    const [alice, bob] = await Promise.all([openBrowserPage({ webHost, envId }), openBrowserPage({ webHost, envId })]);
    const [aliceUid, bobUid] = await Promise.all([signInPage(alice), signInPage(bob)]);
    return { emu, alice, bob, aliceUid, bobUid, close };
  } catch (err) {
    await close();
    throw err;
  }
}
