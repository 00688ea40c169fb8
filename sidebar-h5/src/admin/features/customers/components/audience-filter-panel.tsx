import type { AudienceFilter } from '@liuliang/shared'
import { errorMessage } from '../../../../lib/errors'
import { useFilterOptions } from '../api/audiences'
import { TAG_MODES, dayStart, toggleInList, toggleTag, withField } from '../audience-filter-state'

const BOOLEAN_CHOICES = [
  { value: '', label: '不限' },
  { value: 'true', label: '是' },
  { value: 'false', label: '否' },
] as const

const parseChoice = (value: string) => (value === '' ? undefined : value === 'true')
const dayOf = (iso: string | undefined) =>
  iso ? new Date(new Date(iso).getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10) : ''

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
  const { tags, channels, staff } = options.data
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
      <div className="filter-row">
        <span className="filter-row__label">来源渠道</span>
        <div className="chips">
          {channels.channels.map((channel) => (
            <button
              key={channel.state}
              type="button"
              className={`chip ${filter.channels?.includes(channel.state) ? 'chip--on' : ''}`}
              aria-pressed={filter.channels?.includes(channel.state) ?? false}
              onClick={() => set('channels', toggleInList(filter.channels, channel.state))}
            >
              {channel.state}（{channel.customers}）
            </button>
          ))}
          {channels.channels.length === 0 && <span className="muted">还没有通过渠道活码添加的客户</span>}
        </div>
      </div>
      <div className="filter-row">
        <span className="filter-row__label">跟进导购</span>
        <div className="chips">
          {staff.items.map((member) => (
            <button
              key={member.userId}
              type="button"
              className={`chip ${filter.staffUserIds?.includes(member.userId) ? 'chip--on' : ''}`}
              aria-pressed={filter.staffUserIds?.includes(member.userId) ?? false}
              onClick={() => set('staffUserIds', toggleInList(filter.staffUserIds, member.userId))}
            >
              {member.name}
            </button>
          ))}
        </div>
      </div>
      <div className="filter-row filter-row--inline">
        <label className="filter-field">
          <span className="filter-row__label">添加时间从</span>
          <input
            className="field__input"
            type="date"
            aria-label="添加时间从"
            value={dayOf(filter.addedFrom)}
            onChange={(event) => set('addedFrom', dayStart(event.target.value))}
          />
        </label>
        <label className="filter-field">
          <span className="filter-row__label">到（不含）</span>
          <input
            className="field__input"
            type="date"
            aria-label="添加时间到"
            value={dayOf(filter.addedBefore)}
            onChange={(event) => set('addedBefore', dayStart(event.target.value))}
          />
        </label>
        <label className="filter-field">
          <span className="filter-row__label">已流失</span>
          <select
            className="field__input"
            aria-label="已流失"
            value={filter.lost === undefined ? '' : String(filter.lost)}
            onChange={(event) => set('lost', parseChoice(event.target.value))}
          >
            {BOOLEAN_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-field">
          <span className="filter-row__label">小程序用户</span>
          <select
            className="field__input"
            aria-label="小程序用户"
            value={filter.isMiniProgramUser === undefined ? '' : String(filter.isMiniProgramUser)}
            onChange={(event) => set('isMiniProgramUser', parseChoice(event.target.value))}
          >
            {BOOLEAN_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <button className="button" type="button" disabled={Object.keys(filter).length === 0} onClick={() => onChange({})}>
          清空条件
        </button>
      </div>
    </div>
  )
}
