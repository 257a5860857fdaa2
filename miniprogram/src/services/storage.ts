import Taro from '@tarojs/taro';

/**
 * Small JSON values kept on the device (wx storage in weapp, localStorage in H5). Storage can fail (quota,
 * private mode): a failure reads as nothing stored and a write is dropped, never an error the user sees.
 */
export function readStored<T>(key: string, isValid: (value: unknown) => value is T): T | null {
  try {
    const value: unknown = Taro.getStorageSync(key);
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    Taro.setStorageSync(key, value);
  } catch {
    // Nothing to do: the value lives on in memory for this run.
  }
}

export function removeStored(key: string): void {
  try {
    Taro.removeStorageSync(key);
  } catch {
    // As above.
  }
}
