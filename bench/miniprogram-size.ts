/**
 * The weapp package sizes: `taro build --type weapp` (production, as `npm run build:weapp`), then the main
 * package and the total as miniprogram/scripts/report-weapp-size.ts measures them (the main package is every
 * file outside the subpackage roots of dist/app.json), against the goal of a main package ≤ 600 KB (WeChat's
 * limit: 2 MB main, 20 MB in all). The largest files of the main package are listed beside it, so a page
 * that grows it shows where.
 *
 *   npx tsx bench/miniprogram-size.ts            # builds, then prints
 *   BENCH_SKIP_BUILD=1 npx tsx bench/miniprogram-size.ts   # measures miniprogram/dist as it is
 */
import fs from 'node:fs';
import path from 'node:path';
import { filesUnder, MAIN_PACKAGE_GOAL, MAIN_PACKAGE_LIMIT, measureWeapp } from '../miniprogram/scripts/report-weapp-size';
import { buildMiniprogram, outputDir } from '../miniprogram/scripts/taro-build';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const LARGEST = 8;

async function main(): Promise<void> {
  const dist = outputDir('weapp');
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    const { ms } = await buildMiniprogram('weapp');
    console.log(`taro build --type weapp: ${(ms / 1000).toFixed(1)} s`);
  } else if (!fs.existsSync(path.join(dist, 'app.json'))) {
    throw new Error('miniprogram/dist is missing: run `npm run build:weapp` first, or leave BENCH_SKIP_BUILD unset');
  }
  const { main, total, files, subpackages, subpackageRoots } = measureWeapp(dist);
  const verdict = main <= MAIN_PACKAGE_GOAL ? 'within goal' : 'OVER GOAL';
  console.log(`  main package   ${kb(main).padStart(10)}   goal ≤ ${kb(MAIN_PACKAGE_GOAL)} (${verdict}; WeChat's limit ${kb(MAIN_PACKAGE_LIMIT)})`);
  console.log(`  subpackages    ${kb(total - main).padStart(10)}   ${subpackages} (${subpackageRoots.join(', ')})`);
  console.log(`  total          ${kb(total).padStart(10)}   ${files} files`);

  const inMain = filesUnder(dist)
    .map((file) => ({ file: path.relative(dist, file).split(path.sep).join('/'), size: fs.statSync(file).size }))
    .filter(({ file }) => file !== 'project.config.json' && !subpackageRoots.some((root) => file.startsWith(root)))
    .sort((a, b) => b.size - a.size)
    .slice(0, LARGEST);
  console.log(`  largest files of the main package:`);
  for (const { file, size } of inMain) console.log(`    ${kb(size).padStart(9)}  ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
