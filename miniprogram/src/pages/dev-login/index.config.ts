export default definePageConfig({
  navigationBarTitleText: '选择体验账号',
})
