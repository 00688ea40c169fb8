/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** WeCom corp id, for the OAuth redirect before the staff has a token (falls back to WECOM_CORP_ID). */
  readonly VITE_WECOM_CORP_ID?: string
  /** WeCom self-built app's agent id (falls back to WECOM_AGENT_ID). */
  readonly VITE_WECOM_AGENT_ID?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
