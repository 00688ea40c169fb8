/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.scss'
declare module '*.css'

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production'
    /** The platform being built; the bundler replaces it with a literal, so branches on it are dropped. */
    TARO_ENV: 'weapp' | 'h5'
    /** API origin, '' for same-origin (see config/env.ts). */
    TARO_APP_API_BASE: string
  }
}
