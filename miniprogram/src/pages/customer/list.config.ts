export default definePageConfig({ navigationBarTitleText: '客户列表' });
