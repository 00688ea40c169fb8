// Security headers on every response (helmet). The content security policy is what the
// built console, sidebar and mini-program h5 need and no more: their own scripts, styles (the UI
// libraries set inline styles), images from anywhere on https (avatars and products live on
// Tencent's and brands' hosts), and the frames WeCom's JS-SDK opens. No page of ours may be framed:
// the sidebar runs top-level in WeCom's own webview.
import fp from 'fastify-plugin'
import helmet from 'helmet'

export interface SecurityHeaderOptions {
  production: boolean
  /** sha256 sources of the inline scripts the built pages carry (the mini-program h5's sizing script) */
  inlineScripts: readonly string[]
  /** Origins serving images besides https ones: the sandbox, outside production. */
  imageOrigins: readonly string[]
}

/** The hosts whose frames WeCom's JS-SDK opens (its login and open-data components). */
const WECOM_FRAMES = ['https://login.work.weixin.qq.com', 'https://open.work.weixin.qq.com']

/** Browsers keep to https for this long once they have seen the header (half a year). */
const HSTS_MAX_AGE_SECONDS = 180 * 24 * 3600

export default fp<SecurityHeaderOptions>(
  async (app, { production, inlineScripts, imageOrigins }) => {
    // Built once: @fastify/helmet builds helmet's middleware, directives parsed, on every request.
    const setHeaders = helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          scriptSrc: ["'self'", ...inlineScripts],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:', 'https:', ...imageOrigins],
          mediaSrc: ["'self'", 'blob:', 'https:', ...imageOrigins],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameSrc: ["'self'", ...WECOM_FRAMES],
          workerSrc: ["'self'", 'blob:'],
          // Development is plain http on this machine: upgrading its requests would break every page.
          upgradeInsecureRequests: production ? [] : null,
        },
      },
      frameguard: { action: 'deny' },
      // Production only: development runs on plain http on this machine.
      hsts: production ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true } : false,
    })
    app.addHook('onRequest', (request, reply, done) => setHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)))
  },
  { name: 'security-headers' },
)
