// Turns a JSON Schema validator's findings (AJV's error objects, as Fastify hands them over) into one
// zh-CN sentence naming the field in the person's words: never a JSON path, a pattern or "anyOf".
import { fieldLabel } from './field-labels'

/** The part of an AJV error object read here. */
export interface SchemaIssue {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
}

/** Said when a request is wrong in a way no field explains (an unknown field, a malformed body). */
export const GENERIC_VALIDATION_MESSAGE = '提交的内容不正确，请检查后重试'

// Keywords that only say "one of the branches failed"; the branch's own finding says what is wrong.
const WRAPPERS = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'then', 'else'])

/**
 * The finding worth telling: a nullable field's failed "or null" branch and the union's summary are
 * noise next to what is wrong with the value itself.
 */
function mainIssue(issues: readonly SchemaIssue[]): SchemaIssue | undefined {
  const told = issues.filter((issue) => !WRAPPERS.has(issue.keyword))
  const notNullBranch = told.filter((issue) => !(issue.keyword === 'type' && issue.params.type === 'null'))
  return notNullBranch[0] ?? told[0] ?? issues[0]
}

const number = (value: unknown) => (typeof value === 'number' ? value : Number(value))

/** Money fields carry fen (`…Fen`); a person reads their limits in yuan. */
function amount(path: string, limit: unknown): string {
  const value = number(limit)
  if (!/Fen$/.test(path)) return String(value)
  return `${Number((value / 100).toFixed(2))} 元`
}

const join = (path: string, child: unknown) => `${path}/${String(child)}`

/** One sentence for a failed validation. */
export function validationMessage(issues: readonly SchemaIssue[]): string {
  const issue = mainIssue(issues)
  if (!issue) return GENERIC_VALIDATION_MESSAGE
  const { keyword, params } = issue
  const path = keyword === 'required' ? join(issue.instancePath, params.missingProperty) : issue.instancePath
  const label = fieldLabel(path)
  if (!label) return GENERIC_VALIDATION_MESSAGE
  const limit = params.limit
  switch (keyword) {
    case 'required':
      return `请填写${label}`
    case 'minLength':
      return number(limit) <= 1 ? `请填写${label}` : `${label}至少 ${number(limit)} 个字`
    case 'maxLength':
      return `${label}最多 ${number(limit)} 个字`
    case 'minimum':
      return `${label}不能小于 ${amount(path, limit)}`
    case 'exclusiveMinimum':
      return `${label}需大于 ${amount(path, limit)}`
    case 'maximum':
      return `${label}不能大于 ${amount(path, limit)}`
    case 'exclusiveMaximum':
      return `${label}需小于 ${amount(path, limit)}`
    case 'minItems':
      return number(limit) <= 1 ? `请至少选择一项${label}` : `${label}至少 ${number(limit)} 项`
    case 'maxItems':
      return `${label}最多 ${number(limit)} 项`
    case 'minProperties':
      return `请填写${label}`
    case 'maxProperties':
      return `${label}最多 ${number(limit)} 项`
    case 'uniqueItems':
      return `${label}有重复的项`
    case 'enum':
    case 'const':
      return `${label}不在可选范围内`
    case 'type':
      return params.type === 'integer' ? `${label}需为整数` : params.type === 'number' ? `${label}需为数字` : `${label}格式不正确`
    case 'multipleOf':
      return `${label}需为 ${number(params.multipleOf)} 的整数倍`
    case 'not':
      return `${label}不能为这个值`
    case 'additionalProperties':
      return GENERIC_VALIDATION_MESSAGE
    default:
      // pattern, format and anything rarer: the value's shape is wrong.
      return `${label}格式不正确`
  }
}
