import type { Stack } from './stack'

/**
 * `count` customers of one guide written straight into the database (WeCom does not know them), ids from
 * `firstId` on, external ids `${prefix}1…`, added at `at` (ms): a brand's worth without a callback each.
 */
export async function addBulkCustomers(stack: Stack, { staffId, count, firstId, prefix, at }: { staffId: number; count: number; firstId: number; prefix: string; at: number }) {
  await stack.query(
    `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count})
     insert into customers (id, external_user_id, name, gender, updated_at) select ${firstId - 1} + i, '${prefix}' || i, '${prefix}', 'unknown', ? from n`,
    at,
  )
  await stack.query(
    `insert into customer_follows (customer_id, staff_id, status, add_way, first_added_at, last_added_at)
     select id, ?, 'active', 0, ?, ? from customers where external_user_id like '${prefix}%'`,
    staffId,
    at,
    at,
  )
}
