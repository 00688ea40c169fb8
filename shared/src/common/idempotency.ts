import { Type, type Static } from 'typebox'
import { INT_MAX } from './schema-parts'

/**
 * Value-moving POSTs accept an `Idempotency-Key` header: a retried request with the same key
 * returns the first result instead of moving value again (a check-in's or a draw's until the end of
 * the next business day, a make-up's until the end of the next month).
 */
export const IdempotencyHeadersSchema = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$', description: 'Client-chosen key for safe retries' }),
  ),
})
export type IdempotencyHeaders = Static<typeof IdempotencyHeadersSchema>

/** Numeric ids in paths and bodies: a positive integer a row can have, so anything else is a 400 before a lookup. */
export const IdSchema = Type.Integer({ minimum: 1, maximum: INT_MAX })
