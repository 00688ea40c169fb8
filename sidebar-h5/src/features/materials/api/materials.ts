import type { LibraryFile, LibraryFileKind, LibraryFilePage, LibraryImagePage, SendMaterialResponse } from '@liuliang/shared'
import { staffHttp } from '../../../lib/staff-http'

/** The brand's library pictures a chat takes (JPG, PNG), newest first, found by words of their titles. */
export function searchPictures(q: string, cursor?: string, signal?: AbortSignal): Promise<LibraryImagePage> {
  return staffHttp.get<LibraryImagePage>('/api/sidebar/materials/images', { query: { q, cursor }, signal })
}

/** The server gets the picture's WeCom media id and answers the exact payload to send. */
export function preparePictureSend(imageId: number): Promise<SendMaterialResponse> {
  return staffHttp.post<SendMaterialResponse>(`/api/sidebar/materials/images/${imageId}/sends`)
}

/** The library's videos or documents, newest first, found by words of their titles. */
export function searchFiles(kind: LibraryFileKind, q: string, cursor?: string, signal?: AbortSignal): Promise<LibraryFilePage> {
  return staffHttp.get<LibraryFilePage>('/api/sidebar/materials/files', { query: { kind, q, cursor }, signal })
}

/** One video or document with its address, in the library or no longer (a script may still send it). */
export function fileOf(fileId: number, signal?: AbortSignal): Promise<LibraryFile> {
  return staffHttp.get<LibraryFile>(`/api/sidebar/materials/files/${fileId}`, { signal })
}

/** The server gets the file's WeCom media id (uploaded under its own name) and answers the video or file payload. */
export function prepareFileSend(fileId: number): Promise<SendMaterialResponse> {
  return staffHttp.post<SendMaterialResponse>(`/api/sidebar/materials/files/${fileId}/sends`)
}
