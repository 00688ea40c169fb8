import { describe, expect, it } from 'vitest'
import { currentCursor, firstPage, nextPage, pageNumber, previousPage } from './cursor-stack'

describe('cursor stack', () => {
  it('walks forward by cursor and back through the cursors seen', () => {
    const second = nextPage(firstPage, 'c2')
    const third = nextPage(second, 'c3')
    expect([currentCursor(firstPage), currentCursor(second), currentCursor(third)]).toEqual([null, 'c2', 'c3'])
    expect(pageNumber(third)).toBe(3)
    expect(currentCursor(previousPage(third))).toBe('c2')
    expect(previousPage(firstPage)).toBe(firstPage)
  })
})
