import fs from 'node:fs';
import path from 'node:path';
import { loadProjectConfig } from '../../emulator/src/config';
import { renderEnvTemplates } from '../../emulator/src/project-env';
import { buildCloudEnv, DEFAULT_EMULATOR_WEB_HOST, DEMO_ENV_ID, HOSTING_TARGET } from '../../miniprogram/config/cloud-env';
import { outputDir } from '../../miniprogram/scripts/taro-build';
import { PRODUCT_ROOT } from '../../test-support';
import { CLOUDBASERC_PATH, renderCloudbaserc, withDatabasePlugin, withStorageAccess } from '../generate-database-config';

/**
 * The H5 app's deploy to CloudBase static hosting: cloudbaserc.json's `framework.plugins.website` in the
 * shape `@cloudbase/framework-plugin-website` reads (its README and src/index.ts, IFrameworkPluginWebsiteInputs:
 * `commands.install` / `commands.build` run in the project root, `outputPath` is the folder uploaded,
 * `cloudPath` where, `ignore` globs inside it, `envVariables` exported before the build command and written
 * to /cloudbaseenv.json), with `{{env.X}}` filled as the CloudBase CLI fills it (.env, .env.local, the
 * environment). The build it runs must reach the real CloudBase env, never the emulator.
 */
const rcText = () => fs.readFileSync(CLOUDBASERC_PATH, 'utf8');
const website = (text = rcText()) => JSON.parse(text).framework.plugins.website;
/** The plugin's documented inputs (installCommand and buildCommand are its deprecated spellings of commands.*). */
const PLUGIN_INPUTS = ['installCommand', 'buildCommand', 'outputPath', 'cloudPath', 'ignore', 'envVariables', 'commands'];

test('When the website plugin entry is read, then it uses only the plugin’s inputs: install with npm ci, build the H5 app, upload its output folder to the site root', () => {
  const entry = website();
  expect(entry.use).toBe('@cloudbase/framework-plugin-website');
  expect(Object.keys(entry.inputs).filter((key) => !PLUGIN_INPUTS.includes(key))).toEqual([]);
  expect(entry.inputs.commands).toEqual({ install: 'npm ci --no-audit --no-fund', build: 'npm run build:h5' });
  const rootScripts = JSON.parse(fs.readFileSync(path.join(PRODUCT_ROOT, 'package.json'), 'utf8')).scripts;
  expect(rootScripts['build:h5']).toBe('npm run build:h5 --silent -w @partner-desk/miniprogram');
  // outputPath is relative to the project root: where `taro build --type h5` writes (config/index.ts outputRoot).
  expect(path.resolve(PRODUCT_ROOT, entry.inputs.outputPath)).toBe(outputDir('h5'));
  // The site root: the H5 build's publicPath is '/', so its scripts are fetched from /js/…, /css/….
  expect(entry.inputs.cloudPath).toBe('/');
  // lodash.merge over the plugin's default ignore list merges arrays by position, so the list is given whole.
  expect(entry.inputs.ignore).toEqual(['.git', '.github', 'node_modules', 'cloudbaserc.js', '.build-stamp']);
});

test('When the CLI fills {{env.ENV_ID}}, then the hosted build is told the same env id as the functions’ deploy, and that it is a hosting build', () => {
  const rendered = renderEnvTemplates(rcText(), { ENV_ID: 'prod-4g8x2k1a' });
  // The functions' own variables (PD_FIELD_KEY …) are not given here; this entry needs ENV_ID alone.
  expect(rendered.missing).not.toContain('ENV_ID');
  const rc = JSON.parse(rendered.text);
  expect(rc.framework.plugins.website.inputs.envVariables).toEqual({ TCB_ENV_ID: 'prod-4g8x2k1a', PD_H5_TARGET: HOSTING_TARGET });
  expect(rc.envId).toBe('prod-4g8x2k1a');
});

test('When the hosting build reads its environment (the plugin exports envVariables before the build command), then it talks to that CloudBase env and to no emulator', () => {
  const exported = renderEnvTemplates(JSON.stringify(website().inputs.envVariables), { ENV_ID: 'prod-4g8x2k1a' });
  expect(buildCloudEnv(JSON.parse(exported.text))).toEqual({ envId: 'prod-4g8x2k1a', emulatorWebHost: '' });
});

test('When ENV_ID is missing, a demo env or malformed, or an emulator host is set, then the hosting build stops and says why, instead of shipping an app that calls 127.0.0.1', () => {
  const unset = JSON.parse(renderEnvTemplates(JSON.stringify(website().inputs.envVariables), {}).text);
  expect(unset).toEqual({ TCB_ENV_ID: '', PD_H5_TARGET: HOSTING_TARGET });
  expect(() => buildCloudEnv(unset)).toThrow('H5 build for CloudBase hosting: ENV_ID is not set');
  expect(() => buildCloudEnv({ PD_H5_TARGET: HOSTING_TARGET, TCB_ENV_ID: DEMO_ENV_ID })).toThrow(`"${DEMO_ENV_ID}" is a local demo env`);
  // The literal, when a tool leaves a template unfilled.
  expect(() => buildCloudEnv({ PD_H5_TARGET: HOSTING_TARGET, TCB_ENV_ID: '{{env.ENV_ID}}' })).toThrow('is not a CloudBase env id');
  expect(() => buildCloudEnv({ PD_H5_TARGET: HOSTING_TARGET, TCB_ENV_ID: 'prod-4g8x2k1a', TCB_EMULATOR_WEB_HOST: '127.0.0.1:4403' })).toThrow('TCB_EMULATOR_WEB_HOST is set');
});

test('When the app is built locally (no hosting target), then a demo env goes to the emulator and a named env to the cloud, as before', () => {
  expect(buildCloudEnv({})).toEqual({ envId: DEMO_ENV_ID, emulatorWebHost: DEFAULT_EMULATOR_WEB_HOST });
  expect(buildCloudEnv({ TCB_EMULATOR_WEB_HOST: '127.0.0.1:5503' })).toEqual({ envId: DEMO_ENV_ID, emulatorWebHost: '127.0.0.1:5503' });
  expect(buildCloudEnv({ ENV_ID: 'prod-4g8x2k1a' })).toEqual({ envId: 'prod-4g8x2k1a', emulatorWebHost: '' });
});

test('When the database config is regenerated, then the website entry stays as it is; and the emulator loads the project with it (no HTTP route of its own)', async () => {
  const rc = JSON.parse(rcText());
  expect(website(renderCloudbaserc(withStorageAccess(withDatabasePlugin(rc))))).toEqual(rc.framework.plugins.website);
  const config = await loadProjectConfig(PRODUCT_ROOT, {});
  expect(config.httpRoutes).toEqual([{ path: '/pc/events', functionName: 'pcGateway' }]);
});
