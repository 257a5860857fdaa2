export default definePageConfig({ navigationBarTitleText: '客户列表', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
