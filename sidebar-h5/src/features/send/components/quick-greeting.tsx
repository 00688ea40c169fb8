import { useState } from 'react'
import { errorMessage } from '../../../lib/errors'
import { Button } from '../../../lib/ui'
import { sendChatMessage } from '../../../lib/wecom'

export function greetingText(staffName: string): string {
  return `您好，我是您的专属导购${staffName}，有任何需要随时找我～`
}

/** One tap sends a greeting into the open chat (the script library will offer more). */
export function QuickGreeting({ staffName }: { staffName: string }) {
  const [state, setState] = useState<{ status: 'idle' | 'sending' | 'sent' } | { status: 'failed'; message: string }>({
    status: 'idle',
  })

  const send = async () => {
    setState({ status: 'sending' })
    try {
      await sendChatMessage({ msgtype: 'text', text: { content: greetingText(staffName) } })
      setState({ status: 'sent' })
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) })
    }
  }

  return (
    <section className="card quick-greeting">
      <div>
        <h2 className="card__title">快捷问候</h2>
        <p className="muted quick-greeting__text">{greetingText(staffName)}</p>
        {state.status === 'sent' && <p className="quick-greeting__result">已发送</p>}
        {state.status === 'failed' && (
          <p className="quick-greeting__result quick-greeting__result--error" role="alert">
            {state.message}
          </p>
        )}
      </div>
      <Button type="primary" size="small" loading={state.status === 'sending'} onClick={send}>
        发送
      </Button>
    </section>
  )
}
