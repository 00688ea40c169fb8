// Limits come from the shared request schemas themselves, so the console refuses exactly what the
// server would, and says why in words before anything is sent.

/** A JSON schema as the shared package declares it; only its numeric limits are read. */
type JsonSchema = object

export type Check<T> = { ok: true; value: T } | { ok: false; problem: string }

type Bound = 'minimum' | 'maximum' | 'minLength' | 'maxLength'

/** A numeric keyword of a schema (or of the non-null branch of a nullable one). */
export function bound(schema: JsonSchema, key: Bound): number | undefined {
  const own = (schema as Record<string, unknown>)[key]
  if (typeof own === 'number') return own
  const branches = (schema as { anyOf?: JsonSchema[] }).anyOf ?? []
  return branches.map((branch) => bound(branch, key)).find((value) => value !== undefined)
}

const range = (schema: JsonSchema) => ({ min: bound(schema, 'minimum') ?? 0, max: bound(schema, 'maximum') ?? Number.MAX_SAFE_INTEGER })

/** A whole number within the schema's range. */
export function integerIn(label: string, text: string, schema: JsonSchema): Check<number> {
  const { min, max } = range(schema)
  const value = Number(text.trim())
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    return { ok: false, problem: `${label}须为 ${min}–${max} 的整数` }
  }
  return { ok: true, value }
}

/** Yuan typed with at most two decimals, as integer fen within the schema's range. */
export function fenIn(label: string, text: string, schema: JsonSchema): Check<number> {
  const { min, max } = range(schema)
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim())
  const fen = match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : NaN
  if (!match || fen < min || fen > max) {
    return { ok: false, problem: `${label}须为 ${(min / 100).toFixed(2)}–${(max / 100).toFixed(0)} 元，最多两位小数` }
  }
  return { ok: true, value: fen }
}

/** Trimmed text within the schema's length, required when it has a minimum length. */
export function textIn(label: string, text: string, schema: JsonSchema): Check<string> {
  const value = text.trim()
  const min = bound(schema, 'minLength') ?? 0
  const max = bound(schema, 'maxLength') ?? Number.MAX_SAFE_INTEGER
  if (value.length < min) return { ok: false, problem: `请填写${label}` }
  if (value.length > max) return { ok: false, problem: `${label}最多 ${max} 个字` }
  return { ok: true, value }
}

/** An optional web address: blank means none. */
export function urlOrNull(label: string, text: string, schema: JsonSchema): Check<string | null> {
  const value = text.trim()
  if (value === '') return { ok: true, value: null }
  const max = bound(schema, 'maxLength') ?? Number.MAX_SAFE_INTEGER
  if (!/^https?:\/\//.test(value) || value.length > max) return { ok: false, problem: `${label}须以 http:// 或 https:// 开头，最多 ${max} 个字符` }
  return { ok: true, value }
}

type Values<T extends Record<string, Check<unknown>>> = { [K in keyof T]: T[K] extends Check<infer V> ? V : never }

/** A whole form's values, or every problem found (in field order). */
export type Checked<V> = { ok: true; value: V } | { ok: false; problems: string[] }

export function checkAll<T extends Record<string, Check<unknown>>>(checks: T): Checked<Values<T>> {
  const problems = Object.values(checks).flatMap((check) => (check.ok ? [] : [check.problem]))
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, value: Object.fromEntries(Object.entries(checks).map(([key, check]) => [key, (check as { value: unknown }).value])) as Values<T> }
}

/** The fields of `next` that differ from `saved`, so a save never overwrites what it did not change. */
export function changedFields<T extends Record<string, unknown>>(saved: T, next: T): Partial<T> {
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(saved[key]))) as Partial<T>
}
