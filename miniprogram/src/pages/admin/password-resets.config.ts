export default definePageConfig({ navigationBarTitleText: '密码重置申请', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
