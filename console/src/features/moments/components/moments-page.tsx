import { MAX_MOMENT_IMAGES, MAX_MOMENT_TEXT, type MomentAttachmentKind, type MomentTaskDetail, type MomentTaskStatus, type MomentTaskSummary } from '@liuliang/shared'
import { useState } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { Field, TextField } from '../../../lib/field'
import { Pager } from '../../../lib/pager'
import { EditorFrame, ListPageHeader, SelectField, useEditor, useListPage } from '../../acquisition/components/editor-frame'
import { createMoment, remindMoment, syncMoment, useAudienceChoices, useMoment, useMomentInteractions, useMomentReach, useMoments } from '../api/moments'
import { ATTACHMENT_CHOICES, BLANK_MOMENT, momentProblems, momentRequest, type MomentForm } from '../moment-form'
import { addressLines } from '../../materials/addresses'
import { ImageField } from '../../materials/components/image-field'
import { LibraryFileButton } from '../../materials/components/library-file-field'
import { ImageSource } from '../../materials/components/image-source'
import '../../acquisition/acquisition.css'
import { ManageOnly } from '../../../lib/admin-access'

const STATUS_LABELS: Record<MomentTaskStatus, string> = { creating: '创建中', created: '已创建', failed: '创建失败', cancelled: '已取消' }
const ATTACHMENT_LABELS: Record<MomentAttachmentKind, string> = { none: '文字', image: '图片', video: '视频', link: '链接' }

/** Customer moments (客户朋友圈): tasks the guides publish in WeCom, who published, reach and reactions. */
export function MomentsPage() {
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const moments = useMoments(currentCursor(cursors))
  const page = useListPage<MomentTaskSummary>()
  const [opened, setOpened] = useState<number | null>(null)
  return (
    <section className="page">
      <ListPageHeader title="客户朋友圈" newLabel="新建朋友圈" page={page} />
      <p className="muted">企业创建的朋友圈需要每位导购在企业微信「客户朋友圈」里发表后，客户才能看到；未发表的导购可以一键提醒。</p>
      <DataTable headings={['内容', '类型', '状态', '已发表 / 导购', '可见客户', '评论', '点赞', '创建时间', '']} state={moments} empty="还没有朋友圈任务">
        {moments.status === 'success' &&
          moments.data.items.map((moment) => (
            <tr key={moment.id} className={opened === moment.id ? 'row--selected' : undefined}>
              <td>{moment.text ? [...moment.text].slice(0, 30).join('') : '（无文字）'}</td>
              <td>{ATTACHMENT_LABELS[moment.attachmentKind]}</td>
              <td>{STATUS_LABELS[moment.status]}</td>
              <td>
                {moment.publishedCount} / {moment.staffCount}
              </td>
              <td>{moment.reachedCount}</td>
              <td>{moment.commentCount}</td>
              <td>{moment.likeCount}</td>
              <td>{formatDateTime(moment.createdAt)}</td>
              <td>
                <button className="button button--link" type="button" onClick={() => setOpened(moment.id)}>
                  发表情况
                </button>
              </td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={moments.status === 'success' ? moments.data.nextCursor : null} onChange={setCursors} />
      {page.editing === 'new' && (
        <MomentEditor
          onSaved={(saved) => {
            page.setEditing(null)
            setOpened(saved.id)
            setCursors(firstPage)
            moments.refresh()
          }}
          onClose={() => page.openEditor(null)}
        />
      )}
      {opened !== null && <MomentPanel key={opened} id={opened} onChanged={moments.refresh} />}
    </section>
  )
}

function MomentEditor({ onSaved, onClose }: { onSaved: (saved: MomentTaskDetail) => void; onClose: () => void }) {
  const editor = useEditor({ initial: BLANK_MOMENT, problemsOf: momentProblems, save: (draft: MomentForm) => createMoment(momentRequest(draft)), onSaved })
  const choices = useAudienceChoices()
  const { draft, set } = editor
  const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((item) => item !== value) : [...list, value])
  const preview = (
    <figure className="chat-preview" aria-label="朋友圈预览">
      <figcaption className="chat-preview__caption muted">客户在朋友圈看到</figcaption>
      {draft.text.trim() && <p className="chat-bubble">{draft.text}</p>}
      {draft.attachment === 'image' && (
        <div className="chat-card chat-card--images">
          {addressLines(draft.imageUrls).map((url, index) => (
            <img key={`${index}:${url}`} src={url} alt={`第 ${index + 1} 张图片`} />
          ))}
        </div>
      )}
      {draft.attachment === 'video' && draft.videoUrl.trim() && <video className="library-video" src={draft.videoUrl.trim()} preload="metadata" muted controls aria-label="视频预览" />}
      {draft.attachment === 'link' && draft.linkTitle.trim() && <div className="chat-card">{draft.linkTitle}</div>}
    </figure>
  )
  return (
    <EditorFrame label="新建朋友圈" title="新建客户朋友圈" submitLabel="创建并通知企业微信" editor={editor} preview={preview} onClose={onClose}>
      <Field label={`文字（最多 ${MAX_MOMENT_TEXT} 字）`}>
        <textarea className="field__input field__textarea" name="text" rows={5} value={draft.text} onChange={(e) => set({ text: e.target.value })} />
      </Field>
      <SelectField label="附件" name="attachment" value={draft.attachment} choices={ATTACHMENT_CHOICES} onValue={(attachment) => set({ attachment })} />
      {draft.attachment === 'image' && (
        <Field label="图片地址（每行一张，JPG 或 PNG，不超过 10MB）">
          <textarea className="field__input field__textarea" name="imageUrls" rows={4} value={draft.imageUrls} onChange={(e) => set({ imageUrls: e.target.value })} />
        </Field>
      )}
      {draft.attachment === 'image' && addressLines(draft.imageUrls).length < MAX_MOMENT_IMAGES && (
        <ImageSource
          wecom
          max={MAX_MOMENT_IMAGES - addressLines(draft.imageUrls).length}
          onChosen={(urls) => set({ imageUrls: [...addressLines(draft.imageUrls), ...urls].join('\n') })}
        />
      )}
      {draft.attachment === 'video' && (
        <>
          <TextField label="视频地址（MP4，不超过 10MB、30 秒）" name="videoUrl" value={draft.videoUrl} onValue={(videoUrl) => set({ videoUrl })} />
          <LibraryFileButton kinds={['video']} label="从素材库选择视频" onPick={(video) => set({ videoUrl: video.url })} />
        </>
      )}
      {draft.attachment === 'link' && (
        <>
          <TextField label="链接标题" name="linkTitle" value={draft.linkTitle} onValue={(linkTitle) => set({ linkTitle })} />
          <TextField label="链接地址" name="linkUrl" value={draft.linkUrl} onValue={(linkUrl) => set({ linkUrl })} />
          <ImageField label="封面图地址" picture="封面图" wecom name="linkImageUrl" value={draft.linkImageUrl} onValue={(linkImageUrl) => set({ linkImageUrl })} />
        </>
      )}
      {choices.status === 'error' && <p className="form-error">导购和标签加载失败：{errorMessage(choices.error)}</p>}
      {choices.status === 'success' && (
        <>
          <fieldset className="field" aria-label="发表的导购">
            <legend className="field__label">发表的导购（不选即全部导购）</legend>
            {choices.data.staff.map((member) => (
              <label key={member.userId} className="placeholder-bar">
                <input type="checkbox" checked={draft.staffUserIds.includes(member.userId)} onChange={() => set({ staffUserIds: toggle(draft.staffUserIds, member.userId) })} />
                {member.name}
              </label>
            ))}
          </fieldset>
          <fieldset className="field" aria-label="可见的客户标签">
            <legend className="field__label">可见的客户标签（不选即全部客户）</legend>
            {choices.data.tagGroups.flatMap((group) =>
              group.tags.map((tag) => (
                <label key={tag.id} className="placeholder-bar">
                  <input type="checkbox" checked={draft.tagIds.includes(tag.id)} onChange={() => set({ tagIds: toggle(draft.tagIds, tag.id) })} />
                  {group.name} · {tag.name}
                </label>
              )),
            )}
          </fieldset>
        </>
      )}
    </EditorFrame>
  )
}

function MomentPanel({ id, onChanged }: { id: number; onChanged: () => void }) {
  const detail = useMoment(id)
  const [note, setNote] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [reachOf, setReachOf] = useState<string | null>(null)
  const act = async (action: () => Promise<string>) => {
    setBusy(true)
    setNote(null)
    try {
      setNote(await action())
      detail.refresh()
      onChanged()
    } catch (error) {
      setNote(`操作失败：${errorMessage(error)}`)
    } finally {
      setBusy(false)
    }
  }
  const remind = (staffUserIds?: string[]) =>
    act(async () => {
      const { reminded } = await remindMoment(id, staffUserIds)
      return reminded.length > 0 ? `已提醒 ${reminded.length} 位导购发表` : '所有导购都已发表，无需提醒'
    })
  return (
    <section className="chart-card" aria-label="朋友圈发表情况">
      <h2 className="chart-card__title">发表情况</h2>
      {detail.status === 'loading' && <p className="muted">加载中…</p>}
      {detail.status === 'error' && <p className="form-error">加载失败：{errorMessage(detail.error)}</p>}
      {detail.status === 'success' && (
        <>
          <div className="stat-inline">
            <span>状态 {STATUS_LABELS[detail.data.status]}</span>
            <span>
              已发表 {detail.data.publishedCount} / {detail.data.staffCount}
            </span>
            <span>可见客户 {detail.data.reachedCount}</span>
            <span>最近同步 {detail.data.syncedAt ? formatDateTime(detail.data.syncedAt) : '—'}</span>
            <ManageOnly>
              <button className="button" type="button" disabled={busy} onClick={() => void act(async () => (await syncMoment(id), '已从企业微信同步'))}>
                立即同步
              </button>
            </ManageOnly>
            <ManageOnly>
              <button
                className="button button--primary"
                type="button"
                disabled={busy || detail.data.status !== 'created' || detail.data.publishedCount === detail.data.staffCount}
                onClick={() => void remind()}
              >
                提醒未发表的导购
              </button>
            </ManageOnly>
          </div>
          {note && (
            <p className="notice" role="status">
              {note}
            </p>
          )}
          {detail.data.failure && <p className="form-error">{detail.data.failure}</p>}
          {detail.data.text && <p className="chat-bubble">{detail.data.text}</p>}
          {(detail.data.invalidStaffUserIds.length > 0 || detail.data.invalidTagIds.length > 0) && (
            <p className="muted">企业微信未接受的导购或标签：{[...detail.data.invalidStaffUserIds, ...detail.data.invalidTagIds].join('、')}</p>
          )}
          <table className="table" aria-label="每位导购的发表情况">
            <thead>
              <tr>
                <th>导购</th>
                <th>状态</th>
                <th>发表时间</th>
                <th>已提醒</th>
                <th>可见客户</th>
                <th>评论</th>
                <th>点赞</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {detail.data.posts.length === 0 && (
                <tr>
                  <td className="table__state" colSpan={8}>
                    {detail.data.status === 'creating' ? '企业微信正在创建任务，稍后点「立即同步」' : '没有需要发表的导购'}
                  </td>
                </tr>
              )}
              {detail.data.posts.map((post) => (
                <tr key={post.staffUserId}>
                  <td>{post.staffName}</td>
                  <td>{post.published ? '已发表' : '未发表'}</td>
                  <td>{post.publishedAt ? formatDateTime(post.publishedAt) : '—'}</td>
                  <td>{post.remindersSent > 0 ? `${post.remindersSent} 次（${formatDateTime(post.lastRemindedAt ?? '')}）` : '—'}</td>
                  <td>{post.reachedCount}</td>
                  <td>{post.commentCount}</td>
                  <td>{post.likeCount}</td>
                  <td>
                    {post.published ? (
                      <button className="button button--link" type="button" onClick={() => setReachOf(post.staffUserId)}>
                        可见客户
                      </button>
                    ) : (
                      <ManageOnly>
                        <button className="button button--link" type="button" disabled={busy} onClick={() => void remind([post.staffUserId])}>
                          提醒
                        </button>
                      </ManageOnly>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {reachOf && <ReachList key={reachOf} id={id} staffUserId={reachOf} />}
          {/* Read again after each sync, which brings new likes and comments. */}
          <InteractionList key={detail.data.syncedAt ?? 'never'} id={id} />
        </>
      )}
    </section>
  )
}

function ReachList({ id, staffUserId }: { id: number; staffUserId: string }) {
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const reach = useMomentReach(id, staffUserId, currentCursor(cursors))
  return (
    <section aria-label="可见客户">
      <h3>可见客户</h3>
      <DataTable headings={['客户', '外部联系人 ID']} state={reach} empty="还没有客户能看到这条朋友圈">
        {reach.status === 'success' &&
          reach.data.items.map((person) => (
            <tr key={person.id}>
              <td>{person.name ?? '—'}</td>
              <td className="mono">{person.id}</td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={reach.status === 'success' ? reach.data.nextCursor : null} onChange={setCursors} />
    </section>
  )
}

function InteractionList({ id }: { id: number }) {
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const interactions = useMomentInteractions(id, currentCursor(cursors))
  return (
    <section aria-label="评论与点赞">
      <h3>评论与点赞</h3>
      <DataTable headings={['谁', '身份', '互动', '导购的朋友圈', '时间']} state={interactions} empty="还没有评论或点赞">
        {interactions.status === 'success' &&
          interactions.data.items.map((item) => (
            <tr key={item.id}>
              <td>{item.by.name ?? item.by.id}</td>
              <td>{item.by.kind === 'customer' ? '客户' : '同事'}</td>
              <td>{item.kind === 'comment' ? '评论' : '点赞'}</td>
              <td>{item.staffUserId}</td>
              <td>{formatDateTime(item.at)}</td>
            </tr>
          ))}
      </DataTable>
      <Pager cursors={cursors} nextCursor={interactions.status === 'success' ? interactions.data.nextCursor : null} onChange={setCursors} />
    </section>
  )
}
