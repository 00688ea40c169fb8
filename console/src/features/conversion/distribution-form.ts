import { DistributionSettingsSchema, commissionRatesProblem, type DistributionSettings } from '@liuliang/shared'
import { yuan } from './money'
import { checkAll, fenIn, integerIn } from '../../lib/form-checks'

/** The distribution rules as typed; the minimum withdrawal in yuan. */
export interface DistributionForm {
  autoApprove: boolean
  bindingDays: string
  level1Percent: string
  level2Percent: string
  settleDays: string
  minWithdrawal: string
}

export const distributionFormOf = (settings: DistributionSettings): DistributionForm => ({
  autoApprove: settings.autoApprove,
  bindingDays: String(settings.bindingDays),
  level1Percent: String(settings.level1Percent),
  level2Percent: String(settings.level2Percent),
  settleDays: String(settings.settleDays),
  minWithdrawal: yuan(settings.minWithdrawalFen),
})

const fields = DistributionSettingsSchema.properties

export function checkDistribution(form: DistributionForm) {
  const checked = checkAll({
    autoApprove: { ok: true, value: form.autoApprove },
    bindingDays: integerIn('绑定有效天数', form.bindingDays, fields.bindingDays),
    level1Percent: integerIn('一级佣金比例（%）', form.level1Percent, fields.level1Percent),
    level2Percent: integerIn('二级佣金比例（%）', form.level2Percent, fields.level2Percent),
    settleDays: integerIn('结算等待天数', form.settleDays, fields.settleDays),
    minWithdrawalFen: fenIn('最低提现金额', form.minWithdrawal, fields.minWithdrawalFen),
  })
  if (!checked.ok) return checked
  const tooHigh = commissionRatesProblem(checked.value.level1Percent, checked.value.level2Percent)
  return tooHigh ? { ok: false as const, problems: [tooHigh] } : { ok: true as const, value: checked.value satisfies DistributionSettings }
}
