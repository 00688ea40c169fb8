// The only place in this package that reads build-time settings; Vite inlines them into each app.

declare global {
  interface ImportMetaEnv {
    /** The brand's business time zone, for dates shown to people (default Asia/Shanghai). */
    readonly VITE_TZ_BUSINESS?: string
  }
}

export const env = {
  businessTimeZone: import.meta.env.VITE_TZ_BUSINESS || 'Asia/Shanghai',
}
