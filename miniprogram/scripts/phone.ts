/** The phone the app is looked at in (screenshots, browser tests, benchmarks): 390×844 CSS pixels, 2× pixels, touch. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;
