/**
 * Prints the weapp build's main-package and total size (after `taro build --type weapp`): WeChat limits
 * the main package to 2 MB and every package together to 20 MB; the goal here is a main package ≤ 600 KB.
 * The main package is every file of dist/ outside the subpackage roots listed in dist/app.json.
 */
import fs from 'node:fs';
import path from 'node:path';

const DIST = path.resolve(__dirname, '../dist');
export const MAIN_PACKAGE_GOAL = 600 * 1024;
export const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;

interface AppJson {
  subpackages?: { root: string }[];
  subPackages?: { root: string }[];
}

export function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

export function measureWeapp(dist = DIST) {
  const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8')) as AppJson;
  const roots = [...(app.subpackages ?? []), ...(app.subPackages ?? [])].map((p) => p.root.replace(/\/?$/, '/'));
  // project.config.json is DevTools' settings, not part of any package.
  const files = filesUnder(dist).filter((f) => path.basename(f) !== 'project.config.json');
  let main = 0;
  let total = 0;
  for (const file of files) {
    const size = fs.statSync(file).size;
    total += size;
    const relative = path.relative(dist, file).split(path.sep).join('/');
    if (!roots.some((root) => relative.startsWith(root))) main += size;
  }
  return { main, total, files: files.length, subpackages: roots.length, subpackageRoots: roots };
}

if (require.main === module) {
  const { main, total, files, subpackages } = measureWeapp();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `weapp 小程序包: main package ${kb(main)} (goal ≤ ${kb(MAIN_PACKAGE_GOAL)}, WeChat's limit ${kb(MAIN_PACKAGE_LIMIT)}), total ${kb(total)} in ${files} files, ${subpackages} subpackage(s)`,
  );
}
