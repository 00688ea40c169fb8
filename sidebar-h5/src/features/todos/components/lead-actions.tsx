import { useState } from 'react'
import { fillPlaceholders, LEAD_STATUS_LABELS, type LeadStatus, type PlaceholderValues, type Todo } from '@liuliang/shared'
import { ConfirmDialog } from '@liuliang/ui/confirm-dialog'
import { errorMessage } from '@liuliang/ui/errors'
import { Button } from '@liuliang/ui/nutui'
import { newRequestId, prepareSend } from '../../../lib/script-send'
import { sendChatMessage } from '../../../lib/wecom'
import { moveLead } from '../api/todos'
import '../todos.css'

type Busy = 'send' | LeadStatus | null

/**
 * A lead on its customer's page: why it is here, the rule's script sent into the chat by one tap, and
 * the guide's moves (contacted, converted, closed). The script goes only into a chat with this
 * customer: the JS-SDK sends into the chat the sidebar is open in.
 */
export function LeadActions({ lead, chatExternalUserId, values }: { lead: Todo; chatExternalUserId: string; values: PlaceholderValues }) {
  const [status, setStatus] = useState<LeadStatus>((lead.status as LeadStatus | null) ?? 'new')
  const [busy, setBusy] = useState<Busy>(null)
  const [sent, setSent] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [confirmClose, setConfirmClose] = useState(false)
  const name = lead.customer.name ?? '这位客户'
  const inThisChat = lead.customer.externalUserId === chatExternalUserId
  const open = status === 'new' || status === 'contacted'
  const preview = lead.suggestion ? fillPlaceholders(lead.suggestion.content, values).text : null

  const run = async (what: Busy, step: () => Promise<void>) => {
    setBusy(what)
    setError(null)
    try {
      await step()
    } catch (failure) {
      setError(errorMessage(failure))
    } finally {
      setBusy(null)
    }
  }
  const move = (to: Exclude<LeadStatus, 'new'>) => run(to, async () => setStatus((await moveLead(lead.sourceId, to)).status))
  const send = (scriptId: number) =>
    run('send', async () => {
      const { message } = await prepareSend(scriptId, { kind: 'customer', externalUserId: chatExternalUserId }, newRequestId())
      await sendChatMessage(message)
      setSent(true)
    })

  return (
    <section className="card lead-card" aria-label="线索">
      <h2 className="card__title">
        {lead.title} · <span className="muted">{LEAD_STATUS_LABELS[status]}</span>
      </h2>
      <p>{lead.detail}</p>
      {lead.suggestion && preview !== null && (
        <div className="lead-card__script">
          <p className="muted">建议话术</p>
          <p className="script__content">{preview}</p>
          {inThisChat ? (
            <Button size="small" type="primary" loading={busy === 'send'} disabled={lead.suggestion.scriptId === null} onClick={() => lead.suggestion?.scriptId && send(lead.suggestion.scriptId)}>
              {sent ? '再发一次' : '发送话术'}
            </Button>
          ) : (
            <p className="muted">在与{name}的聊天中打开侧边栏，即可一键发送</p>
          )}
          {sent && <span className="script__sent">已发送</span>}
        </div>
      )}
      {open ? (
        <div className="lead-card__actions">
          {status === 'new' && (
            <Button size="small" fill="outline" loading={busy === 'contacted'} onClick={() => move('contacted')}>
              已联系
            </Button>
          )}
          <Button size="small" fill="outline" loading={busy === 'converted'} onClick={() => move('converted')}>
            已转化
          </Button>
          <Button size="small" fill="outline" loading={busy === 'closed'} onClick={() => setConfirmClose(true)}>
            关闭线索
          </Button>
        </div>
      ) : (
        <p className="muted">这条线索{LEAD_STATUS_LABELS[status]}，已从待办中移除</p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <ConfirmDialog
        visible={confirmClose}
        title="关闭这条线索？"
        confirmText="确认关闭"
        onClose={() => setConfirmClose(false)}
        onConfirm={async () => {
          setConfirmClose(false)
          await move('closed')
        }}
      >
        关闭后它不再出现在待办里，也不能再改回来。
      </ConfirmDialog>
    </section>
  )
}
