// The bench reads the database's files before each load: every byte of a SQLite file and its log, or of
// a PostgreSQL cluster's folder, whatever is nested in it, and nothing that is not there.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readIntoPageCache } from '../src/page-cache'

let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'liuliang-page-cache-'))
  writeFileSync(join(dir, 'bench.db'), Buffer.alloc(5 * 2 ** 20 + 123, 1))
  mkdirSync(join(dir, 'cluster', 'base', '5'), { recursive: true })
  writeFileSync(join(dir, 'cluster', 'PG_VERSION'), '15\n')
  writeFileSync(join(dir, 'cluster', 'base', '5', '1259'), Buffer.alloc(8192 * 3, 2))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('reading the database into the page cache', () => {
  it('reads a file past its first chunk, and a missing log as nothing', () => {
    expect(readIntoPageCache([join(dir, 'bench.db'), join(dir, 'bench.db-wal')])).toBe(5 * 2 ** 20 + 123)
  })

  it('reads a folder through, every level of it', () => {
    expect(readIntoPageCache([join(dir, 'cluster')])).toBe(3 + 8192 * 3)
  })
})
