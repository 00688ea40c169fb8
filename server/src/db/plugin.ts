import fp from 'fastify-plugin'
import { openDatabase, type Db, type OpenDatabase } from './index'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    sqlite: OpenDatabase['sqlite']
  }
}

export default fp<{ path: string }>(
  async (app, { path }) => {
    const database = openDatabase(path)
    app.decorate('db', database.db)
    app.decorate('sqlite', database.sqlite)
    app.addHook('onClose', async () => database.close())
  },
  { name: 'db' },
)
