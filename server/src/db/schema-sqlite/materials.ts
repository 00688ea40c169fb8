import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import type { ImageType, LibraryFileKind } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'

/** Uploaded pictures, kept in the database so every server behind the brand's address has them. */
export const images = sqliteTable('images', {
  /** the content's SHA-256 and extension: its address, the same for the same file */
  name: text('name').primaryKey(),
  contentType: text('content_type').$type<ImageType>().notNull(),
  bytes: integer('bytes').notNull(),
  createdAt: createdAt(),
  /** WeCom's temporary media for it (three days), for guides sending it into a chat */
  mediaId: text('media_id'),
  mediaExpiresAt: timestamp('media_expires_at'),
  /** last: SQLite reads through a large value to reach the columns after it */
  data: blob('data', { mode: 'buffer' }).notNull(),
})

/**
 * The picture library (素材库) admins pick from: one entry per picture. Removing one only hides it here,
 * because its address may be in a banner, a moment or a message already.
 */
export const libraryImages = sqliteTable(
  'library_images',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    imageName: text('image_name')
      .notNull()
      .unique()
      .references(() => images.name),
    title: text('title').notNull(),
    createdAt: createdAt(),
    removedAt: timestamp('removed_at'),
  },
  (table) => [index('library_images_removed_idx').on(table.removedAt)],
)

/**
 * The library's videos and documents (视频, 文件), kept whole here as guides send them into chats: one
 * entry per content, under the name it was uploaded with, which the chat shows.
 */
export const libraryFiles = sqliteTable(
  'library_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** the content's SHA-256 and extension: its public address, the same for the same file */
    name: text('name').notNull().unique(),
    kind: text('kind').$type<LibraryFileKind>().notNull(),
    title: text('title').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: createdAt(),
    removedAt: timestamp('removed_at'),
    /** WeCom's temporary media for it (three days), for guides sending it into a chat */
    mediaId: text('media_id'),
    mediaExpiresAt: timestamp('media_expires_at'),
    /** last: SQLite reads through a large value to reach the columns after it */
    data: blob('data', { mode: 'buffer' }).notNull(),
  },
  (table) => [index('library_files_kind_idx').on(table.kind, table.removedAt)],
)
