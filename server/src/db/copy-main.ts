// `pnpm db:copy <sqlite file> <postgres url>`: copies a SQLite database's data into an empty PostgreSQL
// database (migrating both first), then prints what it copied.
import { pathFromCaller } from '../env'
import { copySqliteToPostgres } from './copy-to-postgres'

const [from, to] = process.argv.slice(2)
if (!from || !to || !/^postgres(ql)?:\/\//.test(to)) {
  process.stderr.write('usage: pnpm db:copy <sqlite file> <postgres://user@host:port/database>\n')
  process.exit(2)
}
try {
  const report = await copySqliteToPostgres(pathFromCaller(from), to)
  for (const table of report.tables) process.stdout.write(`${table.name.padEnd(32)} ${table.rows}\n`)
  process.stdout.write(`Copied ${report.tables.reduce((sum, table) => sum + table.rows, 0)} rows in ${report.tables.length} tables.\n`)
} catch (error) {
  process.stderr.write(`Copy failed, the target is unchanged: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
}
