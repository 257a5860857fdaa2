/** Support for the product's tests (not deployed: it lives outside cloudfunctions/). */
export * from './product-emulators';
export * from './arrange';
export * from './raw';
export * from './invocations';
export * from './ids';
export * from './uploads';
export * from './pc-events';
