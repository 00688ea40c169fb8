// The SOP editor's draft and its checks (the rule shared with the server, in the operator's words).
import { sopRuleProblem, type Sop, type SopInput, type SopTrigger } from '@liuliang/shared'

export interface SopStepDraft {
  day: string
  time: string
  scriptId: string
}

export interface SopForm {
  name: string
  trigger: SopTrigger
  liveCodeId: string
  tagId: string
  date: string
  weekday: string
  audienceTagIds: number[]
  steps: SopStepDraft[]
  quiet: boolean
  quietStart: string
  quietEnd: string
  onTimeMinutes: string
  enabled: boolean
}

export const BLANK_SOP: SopForm = {
  name: '',
  trigger: 'added',
  liveCodeId: '',
  tagId: '',
  date: '',
  weekday: '1',
  audienceTagIds: [],
  steps: [{ day: '0', time: '10:00', scriptId: '' }],
  quiet: true,
  quietStart: '22:00',
  quietEnd: '08:00',
  onTimeMinutes: '120',
  enabled: true,
}

export function formOf(sop: Sop): SopForm {
  const text = (value: number | string | null) => (value === null ? '' : String(value))
  return {
    name: sop.name,
    trigger: sop.trigger,
    liveCodeId: text(sop.liveCodeId),
    tagId: text(sop.tagId),
    date: text(sop.date),
    weekday: text(sop.weekday ?? 1),
    audienceTagIds: sop.audienceTagIds,
    steps: sop.steps.map((step) => ({ day: String(step.day), time: step.time, scriptId: String(step.scriptId) })),
    quiet: sop.quietHours !== null,
    quietStart: sop.quietHours?.start ?? '22:00',
    quietEnd: sop.quietHours?.end ?? '08:00',
    onTimeMinutes: String(sop.onTimeMinutes),
    enabled: sop.enabled,
  }
}

const idOrNull = (text: string) => (text ? Number(text) : null)

export function sopRequest(form: SopForm): SopInput {
  return {
    name: form.name.trim(),
    trigger: form.trigger,
    liveCodeId: form.trigger === 'live_code' ? idOrNull(form.liveCodeId) : null,
    tagId: form.trigger === 'tag' ? idOrNull(form.tagId) : null,
    date: form.trigger === 'date' ? form.date || null : null,
    weekday: form.trigger === 'weekly' ? idOrNull(form.weekday) : null,
    audienceTagIds: form.trigger === 'date' || form.trigger === 'weekly' ? form.audienceTagIds : [],
    steps: form.steps.map((step) => ({ day: Number(step.day), time: step.time, scriptId: Number(step.scriptId) })),
    quietHours: form.quiet ? { start: form.quietStart, end: form.quietEnd } : null,
    onTimeMinutes: Number(form.onTimeMinutes),
    enabled: form.enabled,
  }
}

const CLOCK = /^([01][0-9]|2[0-3]):[0-5][0-9]$/

export function sopProblems(form: SopForm): string[] {
  const problems: string[] = []
  if (!form.name.trim()) problems.push('请填写 SOP 名称')
  if (form.steps.length === 0) problems.push('请至少添加一个步骤')
  form.steps.forEach((step, index) => {
    const day = Number(step.day)
    if (!/^\d+$/.test(step.day) || day > 365) problems.push(`第 ${index + 1} 步的天数需为 0–365`)
    if (!CLOCK.test(step.time)) problems.push(`第 ${index + 1} 步的时间需为 HH:MM`)
    if (!step.scriptId) problems.push(`请为第 ${index + 1} 步选择话术`)
  })
  const minutes = Number(form.onTimeMinutes)
  if (!Number.isInteger(minutes) || minutes < 10 || minutes > 1440) problems.push('按时发送时限需为 10–1440 分钟')
  if (form.quiet && (!CLOCK.test(form.quietStart) || !CLOCK.test(form.quietEnd))) problems.push('免打扰时间需为 HH:MM')
  if (problems.length === 0) {
    const rule = sopRuleProblem(sopRequest(form))
    if (rule) problems.push(rule)
  }
  return problems
}
