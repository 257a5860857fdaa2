/**
 * The NutUI components the app uses, each with its own stylesheet (per-component CSS: only what is used
 * lands in the build, not NutUI's whole 229 KB). Pages and components import NutUI from here, never
 * directly, so a component and its CSS cannot be separated. The theme variables come from app.tsx and
 * app.css. NutUI's Empty is not used: its default pictures come from a JD CDN (the app must work offline).
 */
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/badge/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';

export { Badge, Button, Cell, CellGroup, Input, Loading, Popup, Switch, Tag, TextArea } from '@nutui/nutui-react-taro';

/** NutUI's line icons (SVG drawn through a CSS mask from a data URL: nothing fetched, same in weapp and H5). */
export {
  ArrowRight,
  Clock,
  Comment,
  Failure,
  Message,
  Notice,
  Order,
  Phone,
  Service,
  Setting,
  ShieldCheck,
  Tips,
  User,
  UserAdd,
  Weixin,
} from '@nutui/icons-react-taro';
