import { libraryTitleOf, type LibraryImage, type LibraryImagePage } from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

const LIBRARY = '/api/admin/materials/images'

/** A page of the library (only what WeCom takes, with `wecom`); a new `version` (after an upload) loads it again. */
export const useLibraryImages = (words: string, cursor: string | null, version: number, wecom: boolean) =>
  useRequest((signal) => adminHttp.get<LibraryImagePage>(LIBRARY, { query: { q: words, cursor, limit: 24, wecom: wecom || undefined }, signal }), [words, cursor, version, wecom])

/** Uploads a picture into the library, titled by its file's name; answers its entry with its address on this server. */
export const uploadImage = (file: File) => adminHttp.post<LibraryImage>(LIBRARY, file, { query: { title: libraryTitleOf(file.name) } })
export const renameImage = (id: number, title: string) => adminHttp.request<LibraryImage>('PATCH', `${LIBRARY}/${id}`, { body: { title } })
export const removeImage = (id: number) => adminHttp.request<null>('DELETE', `${LIBRARY}/${id}`)
export const restoreImage = (id: number) => adminHttp.post<LibraryImage>(`${LIBRARY}/${id}/restore`)
