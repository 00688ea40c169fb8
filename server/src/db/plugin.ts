import fp from 'fastify-plugin'
import { startCheckpointer } from './checkpointer'
import { openDatabase, type Db, type OpenDatabase } from './index'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    /** the open database: its engine, and raw SQL for health checks and tests */
    database: OpenDatabase
  }
}

/** How often the checkpointer moves committed pages into the database file. */
const CHECKPOINT_INTERVAL_MS = 1000
/** SQLite still checkpoints in a commit past this many log pages (about 40 MB), should the checkpointer fall behind. */
const WAL_PAGES_BEFORE_INLINE_CHECKPOINT = 10_000

export default fp<{ location: string }>(
  async (app, { location }) => {
    const database = await openDatabase(location)
    app.decorate('db', database.db)
    app.decorate('database', database)
    if (database.sqlite && location !== ':memory:') {
      database.sqlite.pragma(`wal_autocheckpoint = ${WAL_PAGES_BEFORE_INLINE_CHECKPOINT}`)
      const checkpointer = startCheckpointer(location, CHECKPOINT_INTERVAL_MS, (message) => app.log.warn({ message }, 'WAL checkpoint failed'))
      app.addHook('onClose', async () => checkpointer.stop())
    }
    app.addHook('onClose', async () => database.close())
  },
  { name: 'db' },
)
