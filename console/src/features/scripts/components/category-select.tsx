import type { ScriptCategory } from '@liuliang/shared'
import { Field } from '../../../lib/field'
import { categoryDepth } from '../category-tree'

/** A category picker, indented by depth; `none` names the choice of no category. */
export function CategorySelect({
  label,
  none,
  all,
  choices,
  value,
  onChange,
}: {
  label: string
  none: string
  /** Every category, for the depths. */
  all: ScriptCategory[]
  choices: ScriptCategory[]
  value: number | null
  onChange: (id: number | null) => void
}) {
  return (
    <Field label={label}>
      <select className="field__input" value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}>
        <option value="">{none}</option>
        {choices.map((category) => (
          <option key={category.id} value={category.id}>
            {'　'.repeat(categoryDepth(all, category.id))}
            {category.name}
          </option>
        ))}
      </select>
    </Field>
  )
}
