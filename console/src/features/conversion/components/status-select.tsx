/** A list's status filter: every status by its zh-CN name, or all of them. */
export function StatusSelect<S extends string>({
  label,
  statuses,
  names,
  value,
  onChange,
}: {
  label: string
  statuses: readonly S[]
  names: Record<S, string>
  value: S | ''
  onChange: (value: S | '') => void
}) {
  return (
    <select className="field__input" aria-label={label} value={value} onChange={(event) => onChange(event.target.value as S | '')}>
      <option value="">全部状态</option>
      {statuses.map((status) => (
        <option key={status} value={status}>
          {names[status]}
        </option>
      ))}
    </select>
  )
}
