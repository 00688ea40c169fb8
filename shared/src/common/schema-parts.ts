import { Type } from 'typebox'

/** An ISO 8601 instant. */
export const Instant = Type.String({ format: 'date-time' })

/** Money in fen (1/100 yuan), never fractional. */
export const Fen = (options: { minimum?: number; description?: string } = {}) =>
  Type.Integer({ minimum: options.minimum ?? 0, maximum: 100_000_000, ...(options.description ? { description: options.description } : {}) })
