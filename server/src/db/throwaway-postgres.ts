// A throwaway PostgreSQL cluster from Debian's `postgresql` package, for the test runs and the bench:
// initdb into a temporary folder, start on a free port, drop it all at the end. Postgres refuses to
// run as root, so as root (CI, these machines) its commands run as the `postgres` user.
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'

export interface PostgresCluster {
  /** postgres://… for `database` on this cluster */
  url(database: string): string
  /** The cluster's files */
  dataDirectory: string
  stop(): void
}

export interface PostgresOptions {
  /**
   * Keep fsync and full-page writes on, as a production cluster does: for measurements. Tests go
   * without, at memory speed.
   */
  durable?: boolean
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

export const POSTGRES_MISSING = 'PostgreSQL is not installed (`apt-get install -y postgresql`; `.ci/run` does it)'

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

export async function startPostgres({ durable = false }: PostgresOptions = {}): Promise<PostgresCluster> {
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
  // A commit does not wait for its log to reach the disk: a machine crash may lose the last moments of
  // commits but never consistency, as with the server's SQLite (WAL, synchronous=NORMAL). Tests also
  // go without fsync and full-page writes (a crash could then corrupt a cluster they throw away anyway).
  // The cluster shares the machine with the server and its load: a query's parallel workers get half
  // the cores beside its own process, none on two. On two cores they took 25–30 ms to start and then
  // waited for a core: audience counts over a million customers ran up to three times slower.
  const parallelWorkers = Math.max(0, Math.floor(availableParallelism() / 2) - 1)
  const settings = [
    'synchronous_commit=off',
    `max_parallel_workers_per_gather=${parallelWorkers}`,
    ...(durable ? [] : ['fsync=off', 'full_page_writes=off']),
  ]
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300 ${settings.map((setting) => `-c ${setting}`).join(' ')}`
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'pg.log'), '-w', 'start'])
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    dataDirectory: data,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
