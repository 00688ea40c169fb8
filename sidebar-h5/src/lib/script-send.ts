import type { SendScriptResponse } from '@liuliang/shared'
import { staffHttp } from './staff-http'

/** A send is identified by the page, so a retried request is counted once on the server. */
export function newRequestId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`
}

/** Where a script goes: the customer of a one-to-one chat, or a customer group. */
export type SendTarget = { kind: 'customer'; externalUserId: string } | { kind: 'group'; chatId: string }

/** The server fills the script for this chat, counts the use and answers the exact payload to send. */
export function prepareSend(scriptId: number, target: SendTarget, requestId: string): Promise<SendScriptResponse> {
  return target.kind === 'customer'
    ? staffHttp.post<SendScriptResponse>(`/api/sidebar/scripts/${scriptId}/sends`, { externalUserId: target.externalUserId, requestId })
    : staffHttp.post<SendScriptResponse>(`/api/sidebar/group-chats/${encodeURIComponent(target.chatId)}/script-sends`, { scriptId })
}
