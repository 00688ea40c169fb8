// Read by the build in Node: TARO_ENV is the target being built.
const devLoginPages = process.env.TARO_ENV === 'h5' ? ['pages/dev-login/index'] : []

export default defineAppConfig({
  // The first page opens on launch. Activity pages go to subpackages as they are built.
  pages: ['pages/home/index', 'pages/mine/index', ...devLoginPages],
  subPackages: [
    { root: 'subpackages/lottery', pages: ['pages/index/index', 'pages/prizes/index'] },
    { root: 'subpackages/groupbuy', pages: ['pages/list/index', 'pages/campaign/index', 'pages/group/index', 'pages/mine/index'] },
    { root: 'subpackages/distribution', pages: ['pages/center/index', 'pages/invite/index'] },
    { root: 'subpackages/orders', pages: ['pages/list/index', 'pages/detail/index'] },
  ],
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
