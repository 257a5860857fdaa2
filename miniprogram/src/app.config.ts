/**
 * The seed's eight pages keep their exact paths in the main package (seed-design.zh.md §1.1). The two chat
 * pages, for consultations routed from the PC side, are a subpackage rooted at pages/chat, so their paths
 * stay pages/chat/list and pages/chat/detail while their code loads on first use, and so are the admin's
 * pages: the main package's goal is 600 KB (npm run build:weapp prints both sizes), and React with Taro's
 * runtime is already most of it.
 */
export default defineAppConfig({
  pages: [
    'pages/login/index',
    'pages/index/index',
    'pages/customer/list',
    'pages/customer/detail',
    'pages/ticket/list',
    'pages/ticket/detail',
    'pages/message/index',
    'pages/profile/index',
  ],
  subPackages: [
    { root: 'pages/chat', pages: ['list', 'detail'] },
    // The provider admin's pages, reached from 我的 - 管理 and from the message about a reset request.
    { root: 'pages/admin', pages: ['password-resets', 'invites'] },
  ],
  window: {
    navigationBarTitleText: '服务商工作台',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f8',
    backgroundTextStyle: 'dark',
    // 'default' is WeChat's own; said out loud because Taro's H5 build draws its navigation bar (title,
    // back) only when asked, so the browser version reads like the mini-program.
    navigationStyle: 'default',
  },
  tabBar: {
    color: '#8a8f99',
    selectedColor: '#2b6cf6',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/index/index', text: '工作台', iconPath: 'assets/tab-bar/home.png', selectedIconPath: 'assets/tab-bar/home-active.png' },
      { pagePath: 'pages/customer/list', text: '客户', iconPath: 'assets/tab-bar/customer.png', selectedIconPath: 'assets/tab-bar/customer-active.png' },
      { pagePath: 'pages/ticket/list', text: '工单', iconPath: 'assets/tab-bar/ticket.png', selectedIconPath: 'assets/tab-bar/ticket-active.png' },
      { pagePath: 'pages/message/index', text: '消息', iconPath: 'assets/tab-bar/message.png', selectedIconPath: 'assets/tab-bar/message-active.png' },
      { pagePath: 'pages/profile/index', text: '我的', iconPath: 'assets/tab-bar/profile.png', selectedIconPath: 'assets/tab-bar/profile-active.png' },
    ],
  },
});
