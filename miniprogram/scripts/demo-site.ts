/**
 * The product with demo data, as a provider meets it: the emulators running this project's functions on
 * free ports, the demo data set (packages/seed, Chinese, relative to now) loaded into them, and the H5 app
 * served against them. For the browser tests and the screenshot script; `npm start` does the same on fixed
 * ports with the full data set.
 */
import { engineSink, generateSeed, type DemoLogin, type SeedOptions } from '@partner-desk/seed';
import { FREE_PORTS } from '../../emulator/src/constants';
import type { RunningEmulators } from '../../emulator/src/suite';
import { startProductEmulators } from '../../test-support/product-emulators';
import { ensureH5Build, serveH5, type H5Server } from './h5-site';

export interface DemoSite {
  emu: RunningEmulators;
  site: H5Server;
  logins: DemoLogin[];
  /** The first provider's admin and agent (the first provider has the most of everything). */
  admin: DemoLogin;
  agent: DemoLogin;
  stop(): Promise<void>;
}

/** Small enough to load in seconds, big enough for paging (more than one page of customers and messages). */
export const DEMO_SITE_SCALE: Pick<SeedOptions, 'providers' | 'customers' | 'tickets' | 'usageDays'> = { providers: 2, customers: 80, tickets: 500, usageDays: 60 };

export interface DemoSiteOptions {
  scale?: typeof DEMO_SITE_SCALE;
  /**
   * The realtime service's port (default: a free one). A test that stops and restarts the service names one,
   * so the restarted service listens where the browser's SDK reconnects to.
   */
  realtimePort?: number;
}

export async function startDemoSite({ scale = DEMO_SITE_SCALE, realtimePort = 0 }: DemoSiteOptions = {}): Promise<DemoSite> {
  const build = ensureH5Build();
  const emu = await startProductEmulators({ ports: { ...FREE_PORTS, realtime: realtimePort } });
  try {
    // Functions run in workers with wx-server-sdk pointed at these emulators; the seed runs here, and what it
    // encrypts the functions decrypt with the same PD_FIELD_KEY (set by startProductEmulators).
    const { logins } = await generateSeed({ seed: 1, now: new Date(), ...scale }, engineSink(emu.database));
    const { dir } = await build;
    const site = await serveH5(dir, { cloud: { envId: emu.config.envId, webHost: emu.env.TCB_EMULATOR_WEB_HOST } });
    const provider = logins[0].provider;
    const admin = logins.find((l) => l.provider === provider && l.role === 'admin')!;
    const agent = logins.find((l) => l.provider === provider && l.role === 'agent') ?? admin;
    return {
      emu,
      site,
      logins,
      admin,
      agent,
      async stop() {
        await site.close();
        await emu.stop();
      },
    };
  } catch (err) {
    await emu.stop();
    throw err;
  }
}
