export default definePageConfig({ navigationBarTitleText: '好友邀请你', enableShareAppMessage: true })
