import { describe, expect, it } from 'vitest'
import { carrierLabel, shipmentProblem } from './fulfilment-values'

describe('shipments', () => {
  it('takes waybill numbers as each carrier prints them', () => {
    expect(shipmentProblem('SF', 'SF1234567890123')).toBeNull()
    expect(shipmentProblem('SF', '1234567890123')).toContain('顺丰单号')
    expect(shipmentProblem('JD', 'JDVA01234567890')).toBeNull()
    expect(shipmentProblem('ZTO', '773012345678901')).toBeNull()
    expect(shipmentProblem('ZTO', '77301234')).toContain('中通单号')
    expect(shipmentProblem('EMS', 'EA123456789CN')).toBeNull()
    expect(shipmentProblem('EMS', '1234567890123')).toBeNull()
    expect(shipmentProblem('OTHER', 'AB12345678', '安能物流')).toBeNull()
    expect(shipmentProblem('OTHER', 'AB-1234', '安能物流')).toContain('6–30 位字母或数字')
  })

  it('asks for the name of a carrier not on the list, and shows it', () => {
    expect(shipmentProblem('OTHER', 'AB12345678')).toBe('选择「其他」时请填写快递公司名称')
    expect(shipmentProblem('OTHER', 'AB12345678', '  ')).toBe('选择「其他」时请填写快递公司名称')
    expect(carrierLabel('OTHER', ' 安能物流 ')).toBe('安能物流')
    expect(carrierLabel('YUNDA')).toBe('韵达快递')
  })
})
