import { CreateCouponClaimableRequestSchema, type CreateCouponClaimableRequest } from '@liuliang/shared'
import { fromDateTimeInput } from '../../lib/datetime-input'
import { checkAll, integerIn, type Check, type Checked } from '../../lib/form-checks'

/** A claim-centre coupon as typed: numbers as text, times as datetime-local values in the brand's zone. */
export interface ClaimableForm {
  templateId: number | null
  totalStock: string
  perCustomerLimit: string
  startsAt: string
  endsAt: string
}

export const EMPTY_CLAIMABLE_FORM: ClaimableForm = { templateId: null, totalStock: '100', perCustomerLimit: '1', startsAt: '', endsAt: '' }

const fields = CreateCouponClaimableRequestSchema.properties

const instant = (label: string, text: string): Check<string> => {
  const value = fromDateTimeInput(text)
  return value ? { ok: true, value } : { ok: false, problem: `请填写${label}` }
}

/** The request the form makes, or every reason the server would refuse it. */
export function checkClaimable(form: ClaimableForm): Checked<CreateCouponClaimableRequest> {
  const checked = checkAll({
    templateId: form.templateId === null ? ({ ok: false, problem: '请选择优惠券' } as const) : ({ ok: true, value: form.templateId } as const),
    totalStock: integerIn('发放总量', form.totalStock, fields.totalStock),
    perCustomerLimit: integerIn('每人限领', form.perCustomerLimit, fields.perCustomerLimit),
    startsAt: instant('开始时间', form.startsAt),
    endsAt: instant('结束时间', form.endsAt),
  })
  if (checked.ok && checked.value.endsAt <= checked.value.startsAt) return { ok: false, problems: ['结束时间必须晚于开始时间'] }
  return checked
}
