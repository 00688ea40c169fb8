import { RFM_SEGMENTS, RFM_SEGMENT_NAMES, type AudienceFilter, type RfmSegment } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { useFilterOptions } from '../api/audiences'
import { TAG_MODES, channelLabel, dayOf, dayStart, fenToYuanText, toggleInList, toggleTag, withField, withSpendBound } from '../audience-filter-state'

const BOOLEAN_CHOICES = [
  { value: '', label: '不限' },
  { value: 'true', label: '是' },
  { value: 'false', label: '否' },
] as const

const parseChoice = (value: string) => (value === '' ? undefined : value === 'true')

/** Builds an audience filter; every change is reported at once so the count can follow it. */
export function AudienceFilterPanel({
  filter,
  onChange,
}: {
  filter: AudienceFilter
  onChange: (next: AudienceFilter) => void
}) {
  const options = useFilterOptions()
  if (options.status === 'loading') return <div className="filter-panel muted">正在加载筛选条件…</div>
  if (options.status === 'error') {
    return (
      <div className="filter-panel" role="alert">
        {errorMessage(options.error)}{' '}
        <button className="button button--link" type="button" onClick={options.reload}>
          重试
        </button>
      </div>
    )
  }
  const { tags, channels, liveCodes, staff, levels } = options.data
  const set = <K extends keyof AudienceFilter>(key: K, value: AudienceFilter[K] | undefined) =>
    onChange(withField(filter, key, value))

  return (
    <div className="filter-panel" aria-label="筛选客户">
      {TAG_MODES.map(({ mode, label }) => (
        <div className="filter-row" key={mode}>
          <span className="filter-row__label">标签·{label}</span>
          <div className="chips">
            {tags.groups.flatMap((group) =>
              group.tags.map((tag) => (
                <button
                  key={tag.id}
                  type="button"
                  className={`chip ${filter.tags?.[mode]?.includes(tag.id) ? 'chip--on' : ''}`}
                  aria-pressed={filter.tags?.[mode]?.includes(tag.id) ?? false}
                  title={group.name}
                  onClick={() => onChange(toggleTag(filter, mode, tag.id))}
                >
                  {tag.name}
                </button>
              )),
            )}
            {tags.groups.length === 0 && <span className="muted">还没有标签</span>}
          </div>
        </div>
      ))}
      {channels && (
        <ChipRow
          label="来源渠道"
          empty="还没有通过渠道活码添加的客户"
          options={channels.channels.map((c) => ({ value: c.state, label: `${channelLabel(c.state, liveCodes?.items ?? [])}（${c.customers}）` }))}
          selected={filter.channels}
          onToggle={(state) => set('channels', toggleInList(filter.channels, state))}
        />
      )}
      {staff && (
        <ChipRow
          label="跟进导购"
          empty="还没有导购"
          options={staff.items.map((member) => ({ value: member.userId, label: member.name }))}
          selected={filter.staffUserIds}
          onToggle={(userId) => set('staffUserIds', toggleInList(filter.staffUserIds, userId))}
        />
      )}
      {levels && (
        <ChipRow
          label="会员等级"
          empty="还没有会员等级"
          options={levels.levels.map((level) => ({ value: level.code, label: `${level.code} ${level.name}` }))}
          selected={filter.levels}
          onToggle={(code) => set('levels', toggleInList(filter.levels, code) as AudienceFilter['levels'])}
        />
      )}
      <ChipRow
        label="RFM 分群"
        empty=""
        options={RFM_SEGMENTS.map((segment) => ({ value: segment, label: RFM_SEGMENT_NAMES[segment] }))}
        selected={filter.rfmSegments}
        onToggle={(segment) => set('rfmSegments', toggleInList(filter.rfmSegments, segment) as RfmSegment[])}
      />
      <div className="filter-row filter-row--inline">
        <DayField label="添加时间从" value={filter.addedFrom} onChange={(value) => set('addedFrom', value)} />
        <DayField label="添加时间到（不含）" value={filter.addedBefore} onChange={(value) => set('addedBefore', value)} />
        <DayField label="最近消费从" value={filter.lastPurchaseFrom} onChange={(value) => set('lastPurchaseFrom', value)} />
        <DayField label="最近消费早于" value={filter.lastPurchaseBefore} onChange={(value) => set('lastPurchaseBefore', value)} />
      </div>
      <div className="filter-row filter-row--inline">
        <SpendField label="累计消费（元）不低于" ariaLabel="累计消费不低于" filter={filter} bound="min" onChange={onChange} />
        <SpendField label="不高于" ariaLabel="累计消费不高于" filter={filter} bound="max" onChange={onChange} />
        <ChoiceSelect label="已流失" value={filter.lost} onChange={(value) => set('lost', value)} />
        <ChoiceSelect label="小程序用户" value={filter.isMiniProgramUser} onChange={(value) => set('isMiniProgramUser', value)} />
        <button className="button" type="button" disabled={Object.keys(filter).length === 0} onClick={() => onChange({})}>
          清空条件
        </button>
      </div>
    </div>
  )
}

function ChipRow({
  label,
  empty,
  options,
  selected,
  onToggle,
}: {
  label: string
  empty: string
  options: { value: string; label: string }[]
  selected: string[] | undefined
  onToggle: (value: string) => void
}) {
  return (
    <div className="filter-row">
      <span className="filter-row__label">{label}</span>
      <div className="chips">
        {options.map((option) => (
          <button
            key={option.value}
            type="button"
            className={`chip ${selected?.includes(option.value) ? 'chip--on' : ''}`}
            aria-pressed={selected?.includes(option.value) ?? false}
            onClick={() => onToggle(option.value)}
          >
            {option.label}
          </button>
        ))}
        {options.length === 0 && <span className="muted">{empty}</span>}
      </div>
    </div>
  )
}

/** One bound of the total-spend range, typed in 元. */
function SpendField({
  label,
  ariaLabel,
  filter,
  bound,
  onChange,
}: {
  label: string
  ariaLabel: string
  filter: AudienceFilter
  bound: 'min' | 'max'
  onChange: (next: AudienceFilter) => void
}) {
  return (
    <label className="filter-field">
      <span className="filter-row__label">{label}</span>
      <input
        className="field__input"
        type="number"
        min={0}
        step={0.01}
        aria-label={ariaLabel}
        value={fenToYuanText(filter.totalSpendFen?.[bound])}
        onChange={(event) => onChange(withSpendBound(filter, bound, event.target.value))}
      />
    </label>
  )
}

/** A day picked in China time, kept in the filter as the instant that day starts. */
function DayField({ label, value, onChange }: { label: string; value: string | undefined; onChange: (value: string | undefined) => void }) {
  return (
    <label className="filter-field">
      <span className="filter-row__label">{label}</span>
      <input className="field__input" type="date" aria-label={label} value={dayOf(value)} onChange={(event) => onChange(dayStart(event.target.value))} />
    </label>
  )
}

/** 不限 / 是 / 否 for an optional yes-or-no field. */
function ChoiceSelect({
  label,
  value,
  onChange,
}: {
  label: string
  value: boolean | undefined
  onChange: (value: boolean | undefined) => void
}) {
  return (
    <label className="filter-field">
      <span className="filter-row__label">{label}</span>
      <select
        className="field__input"
        aria-label={label}
        value={value === undefined ? '' : String(value)}
        onChange={(event) => onChange(parseChoice(event.target.value))}
      >
        {BOOLEAN_CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  )
}
