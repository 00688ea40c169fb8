import { describe, expect, it } from 'vitest'
import { createLeaveGuard, LEAVE_PROMPT } from './unsaved-changes'

describe('leave guard', () => {
  it('lets navigation through without asking while no form is dirty', () => {
    const asked: string[] = []
    const guard = createLeaveGuard((message) => (asked.push(message), false))
    expect(guard.confirmLeave()).toBe(true)
    expect(asked).toEqual([])
  })

  it('asks while a form holds edits, and follows the answer', () => {
    let answer = false
    const guard = createLeaveGuard(() => answer)
    const release = guard.hold()
    expect(guard.hasUnsavedChanges()).toBe(true)
    expect(guard.confirmLeave()).toBe(false)
    answer = true
    expect(guard.confirmLeave()).toBe(true)
    release()
    answer = false
    expect(guard.confirmLeave()).toBe(true)
  })

  it('stays dirty until every dirty form is released', () => {
    const guard = createLeaveGuard(() => false)
    const first = guard.hold()
    const second = guard.hold()
    first()
    expect(guard.hasUnsavedChanges()).toBe(true)
    second()
    expect(guard.hasUnsavedChanges()).toBe(false)
    expect(LEAVE_PROMPT).toContain('未保存')
  })
})
