import { describe, expect, it } from 'vitest'
import { fitKeywordValue, keywordTypeOf, renderKeywordValue, unknownVariable } from './rules'

describe('keyword values', () => {
  it('knows a keyword type by its name', () => {
    expect(keywordTypeOf('thing12')).toBe('thing')
    expect(keywordTypeOf('character_string3')).toBe('character_string')
    expect(keywordTypeOf('banana1')).toBeNull()
  })

  it('cuts each type to what WeChat accepts', () => {
    expect(fitKeywordValue('thing1', '一二三四五六七八九十一二三四五六七八九十一二')).toBe('一二三四五六七八九十一二三四五六七八九…')
    expect([...fitKeywordValue('thing1', 'x'.repeat(40))]).toHaveLength(20)
    expect(fitKeywordValue('thing1', '  两个\n行  ')).toBe('两个 行')
    expect(fitKeywordValue('phrase2', '拼团成功啦！好耶')).toBe('拼团成功啦')
    expect(fitKeywordValue('character_string1', '订单 LL-2026-0001')).toBe('LL-2026-0001')
    expect(fitKeywordValue('character_string1', 'A'.repeat(40))).toHaveLength(32)
    expect(fitKeywordValue('number2', '12 天')).toBe('12')
    expect(fitKeywordValue('amount3', '¥59.90')).toBe('¥59.90')
  })

  it('puts the event\'s values into a field\'s text before cutting it', () => {
    expect(renderKeywordValue('thing4', '{product}已发货，请留意查收', { product: '有机草莓礼盒（大份装）两盒' })).toBe('有机草莓礼盒（大份装）两盒已发货，请留…')
    expect(renderKeywordValue('thing1', '{nope}', {})).toBe('{nope}')
    expect(unknownVariable('prize_won', '恭喜抽中{prize}')).toBeNull()
    expect(unknownVariable('prize_won', '{product}')).toBe('product')
  })
})
