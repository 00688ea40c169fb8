// The one place the build reads process.env. Values for the app reach it through `env` in
// index.ts, which the bundler inlines as `process.env.<KEY>` literals (read in src/env.ts).

const PLATFORMS = ['weapp', 'h5'] as const
type Platform = (typeof PLATFORMS)[number]

function readPlatform(): Platform {
  const value = process.env.TARO_ENV
  if (!PLATFORMS.includes(value as Platform)) {
    throw new Error(`TARO_ENV must be one of ${PLATFORMS.join(', ')} (taro build --type ...), got "${value ?? ''}"`)
  }
  return value as Platform
}

export const platform = readPlatform()
export const isDevelopment = process.env.NODE_ENV === 'development'

/**
 * Where the app sends API requests. The h5 build is served by the server itself (under /mp/), so
 * it defaults to the same origin; the weapp build runs inside WeChat and needs an absolute URL.
 */
function readApiBase(): string {
  const fallback = platform === 'h5' ? '' : 'http://127.0.0.1:8080'
  const value = (process.env.TARO_APP_API_BASE ?? fallback).trim()
  if (value !== '' && !/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(value)) {
    throw new Error(`TARO_APP_API_BASE must be empty or an http(s) URL, got "${value}"`)
  }
  // Paths in src/services start with "/", so a trailing slash would double it.
  return value.replace(/\/+$/, '')
}

/** Injected into the app as `process.env.<KEY>`. */
export const appEnv = {
  TARO_APP_API_BASE: readApiBase(),
}
