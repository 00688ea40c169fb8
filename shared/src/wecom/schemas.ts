import { Type, type Static } from 'typebox'

/** The query WeCom signs every callback with (msg_signature over token, timestamp, nonce and the ciphertext). */
export const CallbackQuerySchema = Type.Object({
  msg_signature: Type.String({ minLength: 1, maxLength: 128 }),
  timestamp: Type.String({ minLength: 1, maxLength: 20 }),
  nonce: Type.String({ minLength: 1, maxLength: 64 }),
})
export type CallbackQuery = Static<typeof CallbackQuerySchema>

/** URL verification adds the encrypted echostr to the signed query. */
export const CallbackVerificationQuerySchema = Type.Object({
  ...CallbackQuerySchema.properties,
  echostr: Type.String({ minLength: 1, maxLength: 2048 }),
})

export const CallbackBodySchema = Type.String({ minLength: 1, maxLength: 64 * 1024, description: 'XML with <Encrypt>' })

/** The page to sign: the full URL the sidebar runs at, without its `#` fragment (WeCom doc 90506). */
export const JsSdkConfigQuerySchema = Type.Object({
  url: Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://[^\\s#]+(#.*)?$' }),
})
export type JsSdkConfigQuery = Static<typeof JsSdkConfigQuerySchema>

export const JsSdkSignatureSchema = Type.Object({
  timestamp: Type.Integer({ description: 'Unix seconds' }),
  nonceStr: Type.String(),
  signature: Type.String({ description: 'sha1 over jsapi_ticket, noncestr, timestamp and url' }),
})
export type JsSdkSignature = Static<typeof JsSdkSignatureSchema>

/** Everything `ww.register` needs: the corp ticket signs `config`, the app's own ticket signs `agentConfig`. */
export const JsSdkConfigSchema = Type.Object({
  corpId: Type.String(),
  agentId: Type.Integer(),
  corp: JsSdkSignatureSchema,
  agent: JsSdkSignatureSchema,
})
export type JsSdkConfig = Static<typeof JsSdkConfigSchema>
