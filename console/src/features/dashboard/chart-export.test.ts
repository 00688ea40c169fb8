import { describe, expect, it } from 'vitest'
import { exportName, toCsv } from './chart-export'

describe('chart CSV export', () => {
  it('writes a BOM, quotes what needs quoting and keeps formulas as text', () => {
    const csv = toCsv({ header: ['渠道', '新增'], rows: [['门店, 一楼', 3], ['=HYPERLINK("x")', null], ['说"好"', 1.5]] })
    expect(csv).toBe('\uFEFF渠道,新增\r\n"门店, 一楼",3\r\n"\'=HYPERLINK(""x"")",\r\n"说""好""",1.5\r\n')
  })

  it('names the file by the chart and its range', () => {
    expect(exportName('渠道转化漏斗 (按活码)', { from: '2026-05-01', to: '2026-05-31' }, 'png')).toBe('渠道转化漏斗(按活码)_2026-05-01_2026-05-31.png')
  })
})
