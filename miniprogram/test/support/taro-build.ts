/** The build the tests check is the one the scripts run (miniprogram/scripts/taro-build.ts). */
export { buildMiniprogram, MINIPROGRAM_ROOT, outputDir, type TaroTarget } from '../../scripts/taro-build';
