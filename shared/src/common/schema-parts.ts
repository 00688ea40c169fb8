import { Type } from 'typebox'

/** The largest integer a database column holds (PostgreSQL's integer); every integer a request carries stays within it. */
export const INT_MAX = 2_147_483_647

/**
 * An ISO 8601 instant as `Date#toISOString` writes it, or with an offset. The format checks the
 * calendar (no 2026-02-30); the pattern also refuses a leap second, which no JavaScript Date can hold.
 */
export const Instant = Type.String({
  format: 'date-time',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$',
  maxLength: 35,
})

/** A date on the calendar, YYYY-MM-DD: one that exists (not 2026-02-29 or 2026-11-31). Business days are these. */
export const CalendarDate = (description = 'YYYY-MM-DD') => Type.String({ format: 'date', maxLength: 10, description })

/** Money in fen (1/100 yuan), never fractional. */
export const Fen = (options: { minimum?: number; description?: string } = {}) =>
  Type.Integer({ minimum: options.minimum ?? 0, maximum: 100_000_000, ...(options.description ? { description: options.description } : {}) })
