// Taro's preset (React, TypeScript, webpack 5); under jest (NODE_ENV=test) it switches to CommonJS by itself.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
