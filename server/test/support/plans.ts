// What the planner would do with a statement, on the engine the suite runs on: the indexes it reads.
import { sql, type SQL } from 'drizzle-orm'
import { runStatement, selectRows } from '../../src/db'
import { processDatabaseEngine } from '../../src/env'
import type { Stack } from './stack'

/** The statement's plan as text; PostgreSQL, which reads a test's small tables whole whatever their indexes, is told not to. */
export function planOf(stack: Stack, query: SQL): Promise<string> {
  return stack.app.db.transaction(async (tx) => {
    if (processDatabaseEngine() !== 'postgres') return JSON.stringify(await selectRows(tx, sql`explain query plan ${query}`))
    await runStatement(tx, sql`set local enable_seqscan = off`)
    return JSON.stringify(await selectRows(tx, sql`explain ${query}`))
  })
}
