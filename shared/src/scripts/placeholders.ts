// Script placeholders: `{{customerName}}` and friends, filled for the customer in the chat. The sidebar
// fills them for the preview and the server for the message it hands back to send, with this one rule.
import { SCRIPT_PLACEHOLDERS, type ScriptPlaceholder } from '../common/values'

export type PlaceholderValues = Partial<Record<ScriptPlaceholder, string | number | null>>

/** How each placeholder reads to a person (admin editor, "cannot fill" messages). */
export const PLACEHOLDER_LABELS: Record<ScriptPlaceholder, string> = {
  customerName: '客户称呼',
  staffName: '导购姓名',
  level: '会员等级',
  points: '积分',
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g

const isKnown = (name: string): name is ScriptPlaceholder => (SCRIPT_PLACEHOLDERS as readonly string[]).includes(name)

/** The placeholders a template uses, known ones and names we do not fill (a typo the editor should catch). */
export function placeholdersIn(template: string): { known: ScriptPlaceholder[]; unknown: string[] } {
  const known = new Set<ScriptPlaceholder>()
  const unknown = new Set<string>()
  for (const [, name = ''] of template.matchAll(PLACEHOLDER)) {
    if (isKnown(name)) known.add(name)
    else unknown.add(name)
  }
  return { known: [...known], unknown: [...unknown] }
}

/**
 * Replaces every known placeholder that has a value. One without a value is left as written and
 * reported in `missing`: a message must never reach a customer with a hole in it.
 */
export function fillPlaceholders(template: string, values: PlaceholderValues): { text: string; missing: ScriptPlaceholder[] } {
  const missing = new Set<ScriptPlaceholder>()
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    if (!isKnown(name)) return whole
    const value = values[name]
    if (value === undefined || value === null || value === '') {
      missing.add(name)
      return whole
    }
    return String(value)
  })
  return { text, missing: [...missing] }
}
