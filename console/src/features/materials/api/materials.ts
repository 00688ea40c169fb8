import { libraryFileNameOf, libraryTitleOf, type LibraryFile, type LibraryFileKind, type LibraryFilePage, type LibraryImage, type LibraryImagePage, type LibraryUses } from '@liuliang/shared'
import { adminHttp } from '../../../lib/admin-http'

const LIBRARY = '/api/admin/materials/images'
const FILES = '/api/admin/materials/files'
const PAGE_SIZE = 24

/** What a shelf of the library is asked for: words of titles and a page. */
export interface ShelfQuery {
  words: string
  cursor: string | null
}

/** A page of the library's pictures (only what WeCom takes, with `wecom`). */
export const listImages = ({ words, cursor }: ShelfQuery, wecom: boolean, signal: AbortSignal) =>
  adminHttp.get<LibraryImagePage>(LIBRARY, { query: { q: words, cursor, limit: PAGE_SIZE, wecom: wecom || undefined }, signal })

/** Uploads a picture into the library, titled by its file's name; answers its entry with its address on this server. */
export const uploadImage = (file: File) => adminHttp.post<LibraryImage>(LIBRARY, file, { query: { title: libraryTitleOf(file.name) } })
export const renameImage = (id: number, title: string) => adminHttp.request<LibraryImage>('PATCH', `${LIBRARY}/${id}`, { body: { title } })
export const removeImage = (id: number) => adminHttp.request<null>('DELETE', `${LIBRARY}/${id}`)
export const restoreImage = (id: number) => adminHttp.post<LibraryImage>(`${LIBRARY}/${id}/restore`)
/** Where a picture's address is used. */
export const imageUses = (id: number) => adminHttp.get<LibraryUses>(`${LIBRARY}/${id}/uses`)

/** A page of the library's videos or documents. */
export const listFiles = ({ words, cursor }: ShelfQuery, kind: LibraryFileKind, signal: AbortSignal) =>
  adminHttp.get<LibraryFilePage>(FILES, { query: { kind, q: words, cursor, limit: PAGE_SIZE }, signal })

/** Uploads a video or document as bytes, under its own name (shortened for WeCom when too long). */
export const uploadFile = (file: File) => {
  const fileName = libraryFileNameOf(file.name)
  return adminHttp.post<LibraryFile>(FILES, new Blob([file], { type: 'application/octet-stream' }), { query: { fileName, title: libraryTitleOf(fileName) } })
}
export const renameFile = (id: number, title: string) => adminHttp.request<LibraryFile>('PATCH', `${FILES}/${id}`, { body: { title } })
export const removeFile = (id: number) => adminHttp.request<null>('DELETE', `${FILES}/${id}`)
export const restoreFile = (id: number) => adminHttp.post<LibraryFile>(`${FILES}/${id}/restore`)
/** Where a video or document is used. */
export const fileUses = (id: number) => adminHttp.get<LibraryUses>(`${FILES}/${id}/uses`)
