export default definePageConfig({ navigationBarTitleText: '邀请码', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
