// Read by the build in Node: TARO_ENV is the target being built.
const devLoginPages = process.env.TARO_ENV === 'h5' ? ['pages/dev-login/index'] : []

export default defineAppConfig({
  // The first page opens on launch. Activity pages go to subpackages as they are built.
  pages: ['pages/home/index', 'pages/mine/index', ...devLoginPages],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '留量会员',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
  tabBar: {
    color: '#8a8f99',
    selectedColor: '#fa2c19',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/home/index', text: '首页' },
      { pagePath: 'pages/mine/index', text: '我的' },
    ],
  },
})
