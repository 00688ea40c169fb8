// What a SOP rule needs beyond its schema, in the operator's words; the console's form and the server agree.
import type { SopInput } from './schemas'

export function sopRuleProblem(input: Pick<SopInput, 'trigger' | 'liveCodeId' | 'tagId' | 'date' | 'weekday' | 'steps' | 'quietHours'>): string | null {
  if (input.trigger === 'live_code' && !input.liveCodeId) return '请选择渠道活码'
  if (input.trigger === 'tag' && !input.tagId) return '请选择标签'
  if (input.trigger === 'date' && !input.date) return '请选择日期'
  if (input.trigger === 'weekly' && !input.weekday) return '请选择每周哪一天'
  const seen = new Set<string>()
  for (const step of input.steps) {
    const key = `${step.day} ${step.time}`
    if (seen.has(key)) return `第 ${step.day} 天 ${step.time} 有两个步骤，请错开时间`
    seen.add(key)
  }
  if (input.quietHours && input.quietHours.start === input.quietHours.end) return '免打扰的开始和结束时间不能相同'
  return null
}
