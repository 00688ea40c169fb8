import type { Script, ScriptCategoryList, ScriptInput, ScriptPage, ScriptType } from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { staffHttp } from '../../../lib/staff-http'

export interface ScriptFilter {
  q: string
  categoryId: number | null
  /** null: every type */
  type: ScriptType | null
}

export function useScriptCategories() {
  return useRequest((signal) => staffHttp.get<ScriptCategoryList>('/api/sidebar/script-categories', { signal }), [])
}

export function searchScripts(filter: ScriptFilter, cursor?: string, signal?: AbortSignal): Promise<ScriptPage> {
  return staffHttp.get<ScriptPage>('/api/sidebar/scripts', { query: { q: filter.q, categoryId: filter.categoryId, type: filter.type, cursor }, signal })
}

/** Guides keep their own text and link scripts beside the brand's. */
export function createPersonalScript(input: ScriptInput): Promise<Script> {
  return staffHttp.post<Script>('/api/sidebar/scripts', input)
}
