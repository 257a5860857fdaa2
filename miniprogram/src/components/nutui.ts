/**
 * The NutUI components the app uses, each with its own stylesheet (per-component CSS: only what is used
 * lands in the build, not NutUI's whole 229 KB). Pages import NutUI from here, never directly, so a
 * component and its CSS cannot be separated. The theme variables come from app.tsx and app.css.
 * Empty's default pictures come from a JD CDN: give it a local image if it is ever used.
 */
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';

export { Button, CellGroup, Input } from '@nutui/nutui-react-taro';
