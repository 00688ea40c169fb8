// Databases for the PostgreSQL run of the server suites, on the throwaway cluster of the run
// (src/db/throwaway-postgres.ts, started by postgres-cluster.ts).
import pg from 'pg'

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
