// Build-time values (config/env.ts); the bundler inlines them as literals.

/** API origin; '' means the origin that served the h5 build. */
export const API_BASE = process.env.TARO_APP_API_BASE

/** The h5 preview runs outside WeChat: no wx.login, so it signs in through the dev-login page. */
export const IS_H5 = process.env.TARO_ENV === 'h5'
