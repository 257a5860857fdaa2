import { cleanup } from '@testing-library/react';
import { configureCloud } from '@partner-desk/cloud-client';

// Each test starts with no cloud configured, nothing stored on the "device" and no page mounted (cleanup
// removes renderPage's containers). Taro's own modal and toast are singletons that live in <body> for the
// whole file, as in the H5 build, so <body> itself is left alone.
afterEach(() => {
  cleanup();
  configureCloud(undefined);
  window.localStorage.clear();
});
