/**
 * A postcss plugin (Taro loads local plugins named by path in `postcss`): drops the @font-face rules of the
 * given families. NutUI's theme embeds two digit fonts (JDZH-Regular / JDZH-Bold, 16 KB as base64) that
 * only its Price, Rate, CountDown and Badge digits name; in the weapp build they sit in app-origin.wxss, in
 * the main package. Without them those digits are drawn in the system font, as the rest of the app.
 * Plain CommonJS because Taro `require`s it while reading the build configuration.
 */
module.exports = function dropFontFaces(config = {}) {
  const families = new Set((config.families || []).map((name) => name.toLowerCase()));
  return {
    postcssPlugin: 'pd-drop-font-faces',
    AtRule: {
      'font-face': (rule) => {
        let family = '';
        rule.walkDecls('font-family', (decl) => {
          family = decl.value.replace(/["']/g, '').trim().toLowerCase();
        });
        if (families.has(family)) rule.remove();
      },
    },
  };
};
module.exports.postcss = true;
