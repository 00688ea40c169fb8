// A throwaway PostgreSQL cluster for the test run, from Debian's `postgresql` package: initdb into a
// temporary folder, start on a free port, drop it all at the end. Postgres refuses to run as root,
// so as root (CI, these machines) its commands run as the `postgres` user.
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

export interface PostgresCluster {
  /** postgres://… for `database` on this cluster */
  url(database: string): string
  stop(): void
}

/** The folder holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function postgresBinaries(): string | null {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const majors = readdirSync(root)
    .filter((major) => existsSync(join(root, major, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return majors[0] ? join(root, majors[0], 'bin') : null
}

export const POSTGRES_MISSING =
  'PostgreSQL is not installed (`apt-get install -y postgresql`; `.ci/run` does it): the PostgreSQL runs of the server suites are skipped'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = postgresBinaries()
  if (!bin) throw new Error(POSTGRES_MISSING)
  const asRoot = process.getuid?.() === 0
  const run = (command: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : join(bin, command), asRoot ? ['-u', 'postgres', '--', join(bin, command), ...args] : args, {
      stdio: 'pipe',
    })
  const dir = mkdtempSync(join(tmpdir(), 'liuliang-pg-'))
  chmodSync(dir, 0o777)
  const data = join(dir, 'data')
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8'])
  const port = await freePort()
  // Durability is worth nothing to a throwaway cluster; without fsync the suites run at memory speed.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'pg.log'), '-w', 'start'])
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

/**
 * A fresh, empty database on the cluster DATABASE_URL points at (the PostgreSQL test project sets it);
 * the server migrates it when it opens it.
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const clusterUrl = process.env.DATABASE_URL
  if (!clusterUrl) throw new Error('DATABASE_URL names no PostgreSQL cluster')
  const name = `test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  const admin = async (statement: string) => {
    const client = new pg.Client(clusterUrl)
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  await admin(`create database ${name}`)
  const url = new URL(clusterUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) }
}
