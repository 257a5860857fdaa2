import { cleanup } from '@testing-library/react';
import { configureCloud } from '@partner-desk/cloud-client';

// Each test starts with no cloud configured, nothing stored on the "device", no page left in the DOM.
afterEach(() => {
  cleanup();
  configureCloud(undefined);
  window.localStorage.clear();
  document.body.innerHTML = '';
});
