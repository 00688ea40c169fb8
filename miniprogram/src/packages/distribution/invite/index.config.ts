export default definePageConfig({ navigationBarTitleText: '好友推荐' })
