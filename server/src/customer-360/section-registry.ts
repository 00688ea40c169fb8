// The 360 view's sections owned by other domains. A domain registers one builder per section from its
// own plugin (`app.customer360.registerSection('membership', build)`); the view runs every registered
// builder with the handle it is given and leaves the others out, so the sidebar knows what exists.
import type { Customer360SectionKey, Customer360Sections } from '@liuliang/shared'
import type { DbOrTx } from '../db'
import type { customers } from '../db/schema'

export type CustomerRow = typeof customers.$inferSelect
export type SectionValue<K extends Customer360SectionKey> = NonNullable<Customer360Sections[K]>

/**
 * Builds one section for one customer from indexed queries, with the handle it is given. null means
 * the domain has nothing on this customer.
 */
export type SectionBuilder<K extends Customer360SectionKey> = (
  tx: DbOrTx,
  customer: CustomerRow,
  now: Date,
) => Promise<SectionValue<K> | null>

export function createSectionRegistry() {
  const builders = new Map<Customer360SectionKey, SectionBuilder<Customer360SectionKey>>()

  const build = async <K extends Customer360SectionKey>(key: K, tx: DbOrTx, customer: CustomerRow, now: Date) => {
    const builder = builders.get(key) as SectionBuilder<K> | undefined
    return builder ? builder(tx, customer, now) : undefined
  }

  return {
    register<K extends Customer360SectionKey>(key: K, builder: SectionBuilder<K>): void {
      if (builders.has(key)) throw new Error(`the customer 360 section "${key}" is already registered`)
      builders.set(key, builder as unknown as SectionBuilder<Customer360SectionKey>)
    },

    /** One section; undefined when no domain provides it. */
    build,

    /** Every section, built at once: on PostgreSQL their reads go out together. */
    async buildAll(tx: DbOrTx, customer: CustomerRow, now: Date): Promise<Customer360Sections> {
      const keys = [...builders.keys()]
      const built = await Promise.all(keys.map((key) => build(key, tx, customer, now)))
      return Object.fromEntries(keys.map((key, index) => [key, built[index]])) as Customer360Sections
    },
  }
}

export type SectionRegistry = ReturnType<typeof createSectionRegistry>
