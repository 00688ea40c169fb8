/** A page's row of tabs: each [key, label] pair a tab, the current one underlined. */
export function TabStrip<Key extends string>({
  tabs,
  value,
  onChange,
  label,
}: {
  tabs: readonly (readonly [Key, string])[]
  value: Key
  onChange: (key: Key) => void
  /** names the strip where a page has more than one (or its tabs could be taken for another control) */
  label?: string
}) {
  return (
    <div className="tab-strip" role="tablist" aria-label={label}>
      {tabs.map(([key, text]) => (
        <button key={key || 'all'} type="button" role="tab" aria-selected={value === key} className="tab-strip__tab" onClick={() => onChange(key)}>
          {text}
        </button>
      ))}
    </div>
  )
}
