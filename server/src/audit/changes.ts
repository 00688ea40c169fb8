import type { AuditChange } from '@liuliang/shared'

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** The named fields of a row: what a patch touched, to compare before and after. */
export function pick<T extends object>(row: T, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, (row as Record<string, unknown>)[field]]))
}

/** The fields whose values differ between two snapshots of an object, before and after; `item` names a list element. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>, item?: { list: string; name: string }): AuditChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
  return fields
    .filter((field) => !same(before[field], after[field]))
    .map((field) => ({
      field: item ? `${item.list}.${field}` : field,
      ...(item ? { item: item.name } : {}),
      before: before[field] ?? null,
      after: after[field] ?? null,
    }))
}

// Request fields whose values are credentials: kept out of the log, their presence still shown.
const SECRET_FIELD = /pass(word)?$|secret|token|api_?v?\d*_?key|private_?key|^key$|certificate/i
const REDACTED = '***'

// Long text (an image sent as base64, a long script) is kept as its start: the log says what was done, not the upload.
const KEPT_TEXT = 500

/** A request body as it may be kept: every credential replaced, at any depth, and long text cut short. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets)
  if (typeof value === 'string' && value.length > KEPT_TEXT) return `${value.slice(0, KEPT_TEXT)}…（共 ${value.length} 字）`
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, SECRET_FIELD.test(key) ? REDACTED : redactSecrets(inner)]))
}
