import type {
  CreateScriptCategoryRequest,
  Script,
  ScriptCategory,
  ScriptCategoryList,
  ScriptInput,
  ScriptPage,
  ScriptType,
  UpdateScriptCategoryRequest,
} from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export const useScriptCategories = () =>
  useRequest((signal) => adminHttp.get<ScriptCategoryList>('/api/admin/script-categories', { signal }), [])
export const createScriptCategory = (category: CreateScriptCategoryRequest) => adminHttp.post<ScriptCategory>('/api/admin/script-categories', category)
export const updateScriptCategory = (id: number, change: UpdateScriptCategoryRequest) =>
  adminHttp.request<ScriptCategory>('PATCH', `/api/admin/script-categories/${id}`, { body: change })
export const deleteScriptCategory = (id: number) => adminHttp.request<void>('DELETE', `/api/admin/script-categories/${id}`)

/** The brand's scripts, most used first; `categoryId` includes the categories under it; `type` null: every type. */
export const useScripts = (query: { q: string; categoryId: number | null; type: ScriptType | null; cursor: string | null }) =>
  useRequest(
    (signal) =>
      adminHttp.get<ScriptPage>('/api/admin/scripts', { query: { q: query.q, categoryId: query.categoryId, type: query.type, cursor: query.cursor }, signal }),
    [query.q, query.categoryId, query.type, query.cursor],
  )
export const createScript = (script: ScriptInput) => adminHttp.post<Script>('/api/admin/scripts', script)
export const replaceScript = (id: number, script: ScriptInput) => adminHttp.request<Script>('PUT', `/api/admin/scripts/${id}`, { body: script })
export const deleteScript = (id: number) => adminHttp.request<void>('DELETE', `/api/admin/scripts/${id}`)
