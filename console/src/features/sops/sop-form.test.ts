import { describe, expect, it } from 'vitest'
import { BLANK_SOP, sopProblems, sopRequest } from './sop-form'

describe('the SOP form', () => {
  it('asks for a name, a script per step and what the trigger needs', () => {
    expect(sopProblems(BLANK_SOP)).toEqual(['请填写 SOP 名称', '请为第 1 步选择话术'])
    const ready = { ...BLANK_SOP, name: '新客', steps: [{ day: '0', time: '10:00', scriptId: '3' }] }
    expect(sopProblems(ready)).toEqual([])
    expect(sopProblems({ ...ready, trigger: 'tag' })).toEqual(['请选择标签'])
    expect(sopProblems({ ...ready, steps: [...ready.steps, { day: '0', time: '10:00', scriptId: '4' }] })).toEqual(['第 0 天 10:00 有两个步骤，请错开时间'])
    expect(sopProblems({ ...ready, quietStart: '8:00' })).toEqual(['免打扰时间需为 HH:MM'])
  })

  it('sends only what the trigger uses', () => {
    const form = { ...BLANK_SOP, name: ' 周一 ', trigger: 'weekly' as const, tagId: '9', weekday: '1', audienceTagIds: [2], quiet: false, steps: [{ day: '0', time: '11:00', scriptId: '3' }] }
    expect(sopRequest(form)).toEqual({
      name: '周一',
      trigger: 'weekly',
      liveCodeId: null,
      tagId: null,
      date: null,
      weekday: 1,
      audienceTagIds: [2],
      steps: [{ day: 0, time: '11:00', scriptId: 3 }],
      quietHours: null,
      onTimeMinutes: 120,
      enabled: true,
    })
  })
})
