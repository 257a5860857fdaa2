export default definePageConfig({ navigationBarTitleText: '咨询', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
