import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// This file sits in server/src/ and is bundled into <package>/dist/*.js of the server and of the tools
// that import it (bench, seed): from each, `../..` is the repository.
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const serverRoot = join(repoRoot, 'server')
export const migrationsFolder = join(serverRoot, 'drizzle')
export const pgMigrationsFolder = join(serverRoot, 'drizzle-pg')
