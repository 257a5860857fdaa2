/**
 * Which build this is. `process.env.TARO_ENV` is replaced by the bundler, so the branch of the other
 * platform is dropped from each build.
 */
export const isWeapp = (): boolean => process.env.TARO_ENV === 'weapp';
export const isH5 = (): boolean => process.env.TARO_ENV === 'h5';
