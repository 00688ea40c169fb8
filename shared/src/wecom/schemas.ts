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
