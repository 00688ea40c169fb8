import { RfmSettingsSchema, rfmThresholdsProblem, type RfmMonetaryMode, type RfmSettings, type RfmSuggestion } from '@liuliang/shared'
import { checkAll, fenIn, integerIn, type Checked } from '../../lib/form-checks'

/** The RFM thresholds as typed; M in yuan. */
export interface RfmForm {
  windowDays: string
  recencyDays: string
  frequencyOrders: string
  monetary: string
  monetaryMode: RfmMonetaryMode
}

const yuan = (fen: number) => (fen / 100).toFixed(2)

export const rfmFormOf = (settings: RfmSettings): RfmForm => ({
  windowDays: String(settings.windowDays),
  recencyDays: String(settings.recencyDays),
  frequencyOrders: String(settings.frequencyOrders),
  monetary: yuan(settings.monetaryFen),
  monetaryMode: settings.monetaryMode,
})

/** The suggested thresholds in the form, keeping the window and M's meaning they were computed for. */
export const withSuggestion = (form: RfmForm, suggestion: RfmSuggestion): RfmForm =>
  suggestion.suggested
    ? {
        ...form,
        recencyDays: String(suggestion.suggested.recencyDays),
        frequencyOrders: String(suggestion.suggested.frequencyOrders),
        monetary: yuan(suggestion.suggested.monetaryFen),
      }
    : form

const fields = RfmSettingsSchema.properties

export function checkRfm(form: RfmForm): Checked<RfmSettings> {
  const checked = checkAll({
    windowDays: integerIn('统计周期', form.windowDays, fields.windowDays),
    recencyDays: integerIn('最近消费天数', form.recencyDays, fields.recencyDays),
    frequencyOrders: integerIn('消费次数门槛', form.frequencyOrders, fields.frequencyOrders),
    monetaryFen: fenIn('消费金额门槛', form.monetary, fields.monetaryFen),
    monetaryMode: { ok: true, value: form.monetaryMode },
  })
  if (!checked.ok) return checked
  const problem = rfmThresholdsProblem(checked.value)
  return problem ? { ok: false, problems: [problem] } : { ok: true, value: checked.value }
}
