// globalSetup of the PostgreSQL run of the server suites: one cluster for the whole run, each stack
// creating its own database on it.
import type { TestProject } from 'vitest/node'
import { startPostgres } from '../../src/db/throwaway-postgres'

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startPostgres()
  project.provide('postgresUrl', cluster.url('postgres'))
  return () => cluster.stop()
}
