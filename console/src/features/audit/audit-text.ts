import { AUDIT_OBJECT_TEXT, fieldLabel, type AuditChange, type AuditEntry } from '@liuliang/shared'

/** Fields only the log writes, named where the request labels do not. */
const LOG_FIELD_TEXT: Readonly<Record<string, string>> = { refundedFen: '已退金额', rejectReason: '驳回原因', removed: '已移出素材库' }

export const objectText = (entry: Pick<AuditEntry, 'objectType' | 'objectId'>) => {
  if (!entry.objectType) return '—'
  const name = AUDIT_OBJECT_TEXT[entry.objectType] ?? entry.objectType
  return entry.objectId ? `${name} #${entry.objectId}` : name
}

export const outcomeText = (status: number | null) => (status === null || status < 400 ? '成功' : `失败（${status}）`)

/** `prizes.weight` of 一等奖 → 奖品「一等奖」· 中奖权重. */
export function changeLabel(change: AuditChange): string {
  const own = LOG_FIELD_TEXT[change.field] ?? fieldLabel(change.field) ?? change.field
  if (!change.item) return own
  const list = fieldLabel(change.field.split('.')[0] as string) ?? ''
  return `${list}「${change.item}」· ${own}`
}

export function valueText(field: string, value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (typeof value === 'number' && field.endsWith('Fen')) return `¥${(value / 100).toFixed(2)}`
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}
