import { useState } from 'react'
import type { ChatMessage } from '@liuliang/shared'
import { sendChatMessage } from './wecom'

export type ChatSendState = { status: 'idle' | 'sending' | 'sent' } | { status: 'failed'; error: unknown }

/**
 * One tap that sends something into the chat: the server answers the exact `sendChatMessage` payload
 * (filling, counting or uploading what it needs), then the JS-SDK sends it. The state is the button's.
 */
export function useChatSend<Reply extends { message: ChatMessage }>(prepare: () => Promise<Reply>, onSent?: (reply: Reply) => void) {
  const [state, setState] = useState<ChatSendState>({ status: 'idle' })
  const send = async () => {
    setState({ status: 'sending' })
    try {
      const reply = await prepare()
      await sendChatMessage(reply.message)
      setState({ status: 'sent' })
      onSent?.(reply)
    } catch (error) {
      setState({ status: 'failed', error })
    }
  }
  return { state, send }
}
