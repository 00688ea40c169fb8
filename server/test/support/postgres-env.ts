// Runs before each test file of the PostgreSQL project, before the file imports the server: the
// server picks its engine (and the tables' dialect) from DATABASE_URL when its modules load.
import { inject } from 'vitest'

process.env.DATABASE_URL = inject('postgresUrl')
