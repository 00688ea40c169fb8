// Read by the build in Node: TARO_ENV is the target being built.
const devLoginPages = process.env.TARO_ENV === 'h5' ? ['pages/dev-login/index'] : []

export default defineAppConfig({
  // The first page opens on launch. Each activity is a subpackage, so the main package stays small.
  pages: ['pages/home/index', 'pages/mine/index', ...devLoginPages],
  subPackages: [
    { root: 'packages/checkin', pages: ['index'] },
    { root: 'packages/points', pages: ['index'] },
    { root: 'packages/mall', pages: ['index', 'detail/index', 'redemptions/index'] },
    { root: 'packages/coupons', pages: ['index', 'centre/index', 'detail/index'] },
    { root: 'packages/lottery', pages: ['index', 'prizes/index'] },
    { root: 'packages/groupbuy', pages: ['index', 'campaign/index', 'group/index', 'mine/index'] },
    { root: 'packages/distribution', pages: ['index', 'invite/index'] },
    { root: 'packages/orders', pages: ['index', 'detail/index'] },
    { root: 'packages/fission', pages: ['index', 'activity/index', 'poster/index'] },
    { root: 'packages/shop', pages: ['product/index', 'category/index', 'search/index', 'cart/index', 'checkout/index', 'addresses/index', 'advisor/index'] },
  ],
  // WeChat refuses wx.chooseAddress unless the app declares it (the shop's saved addresses use it).
  requiredPrivateInfos: ['chooseAddress'],
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
