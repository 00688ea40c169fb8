// The bench reads the database the server writes through the server's own data layer, on either
// engine. openDatabase serves the engine this process runs on (SQLite: the bench sets no
// DATABASE_URL); a PostgreSQL database is opened directly, as `pnpm db:copy` opens its target.
import { engineOf, openDatabase, type OpenDatabase } from '@liuliang/server/db'
import { openPostgres } from '@liuliang/server/db/postgres'

export function openBenchDatabase(location: string): Promise<OpenDatabase> {
  return engineOf(location) === 'postgres' ? openPostgres(location) : openDatabase(location)
}
