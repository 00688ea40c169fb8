// A brand that uploaded shop pictures before the library existed finds them in the library after the
// upgrade, and its own roles keep reaching pictures in the library's own permission area: a role that
// changes acquisition, activation or conversion manages the library, one that reads them reads it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3'
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { processDatabaseEngine } from '../../src/env'
import { migrationsFolder, pgMigrationsFolder } from '../../src/paths'
import { createTestDatabase } from '../support/postgres'

const engine = processDatabaseEngine()
const folder = engine === 'postgres' ? pgMigrationsFolder : migrationsFolder
const LIBRARY_MIGRATION = engine === 'postgres' ? '0042_image_library' : '0049_image_library'
const PICTURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const NAME = `${'a'.repeat(64)}.png`

const work = mkdtempSync(join(tmpdir(), 'library-migration-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** The migrations as a brand had them before the library: the folder with its journal cut before it. */
function migrationsBeforeLibrary(): string {
  const before = join(work, 'before')
  cpSync(folder, before, { recursive: true })
  const journalFile = join(before, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] }
  const cut = journal.entries.findIndex((entry) => entry.tag === LIBRARY_MIGRATION)
  expect(cut).toBeGreaterThan(0)
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }))
  return before
}

/** What a brand's database held before the upgrade: a shop picture and three roles of its own. */
const BEFORE = [
  `insert into shop_images (name, content_type, data, bytes, created_at) values ('${NAME}', 'image/png', $picture, 8, 1796000000000)`,
  `insert into admin_roles (name, permissions) values ('内容运营', '["activation:manage","data:view"]')`,
  `insert into admin_roles (name, permissions) values ('商品查看', '["conversion:view"]')`,
  `insert into admin_roles (name, permissions) values ('看数据', '["data:view"]')`,
]

async function upgradedDatabase(): Promise<{ entries: unknown[]; pictures: unknown[]; roles: { name: string; permissions: string[] }[] }> {
  const before = migrationsBeforeLibrary()
  const libraryQuery = 'select image_name, title, created_at, removed_at from library_images'
  const picturesQuery = 'select name, content_type, bytes, data, media_id from images'
  const rolesQuery = `select name, permissions from admin_roles where name in ('内容运营', '商品查看', '看数据') order by id`
  if (engine === 'postgres') {
    const database = await createTestDatabase()
    const client = new pg.Client(database.url)
    await client.connect()
    try {
      await migratePg(drizzlePg(client), { migrationsFolder: before })
      for (const statement of BEFORE) await client.query(statement.replace('$picture', '$1'), statement.includes('$picture') ? [PICTURE] : [])
      await migratePg(drizzlePg(client), { migrationsFolder: folder })
      const entries = (await client.query(libraryQuery)).rows.map((row) => ({ ...row, created_at: Number(row.created_at) }))
      return { entries, pictures: (await client.query(picturesQuery)).rows, roles: (await client.query(rolesQuery)).rows }
    } finally {
      await client.end()
      await database.drop()
    }
  }
  const sqlite = new Database(join(work, 'brand.db'))
  try {
    migrateSqlite(drizzleSqlite(sqlite), { migrationsFolder: before })
    for (const statement of BEFORE) sqlite.prepare(statement.replace('$picture', '?')).run(...(statement.includes('$picture') ? [PICTURE] : []))
    migrateSqlite(drizzleSqlite(sqlite), { migrationsFolder: folder })
    const roles = sqlite.prepare(rolesQuery).all() as { name: string; permissions: string }[]
    return {
      entries: sqlite.prepare(libraryQuery).all(),
      pictures: sqlite.prepare(picturesQuery).all(),
      roles: roles.map((role) => ({ ...role, permissions: JSON.parse(role.permissions) })),
    }
  } finally {
    sqlite.close()
  }
}

describe(`upgrading to the picture library (${engine})`, () => {
  it('puts the shop pictures in the library and gives the brand’s roles the library’s area', async () => {
    const { entries, pictures, roles } = await upgradedDatabase()
    expect(entries).toEqual([{ image_name: NAME, title: '商城图片', created_at: 1796000000000, removed_at: null }])
    expect(pictures).toEqual([{ name: NAME, content_type: 'image/png', bytes: 8, data: PICTURE, media_id: null }])
    expect(roles).toEqual([
      { name: '内容运营', permissions: ['activation:manage', 'data:view', 'materials:manage'] },
      { name: '商品查看', permissions: ['conversion:view', 'materials:view'] },
      { name: '看数据', permissions: ['data:view'] },
    ])
  })
})
