import { lazy, Suspense, useState } from 'react'
import type { Staff } from '@liuliang/shared'
import { useGroupChat } from '../features/group-chat/api/group-chat'
import { GroupView } from '../features/group-chat/components/group-view'
import { SopSteps } from '../features/sop/components/sop-steps'

const ScriptLibrary = lazy(() =>
  import('../features/scripts/components/script-library').then((module) => ({ default: module.ScriptLibrary })),
)
const MaterialLibrary = lazy(() =>
  import('../features/materials/components/material-library').then((module) => ({ default: module.MaterialLibrary })),
)

type View = 'group' | 'scripts' | 'materials'

/** The sidebar in a customer group chat: the group and its customers, and the script and material libraries sending into the group. */
export function GroupWorkspace({ chatId, staff }: { chatId: string; staff: Staff }) {
  const group = useGroupChat(chatId)
  const [view, setView] = useState<View>('group')
  const [libraryOpened, setLibraryOpened] = useState(false)
  const open = (next: View) => {
    setView(next)
    if (next === 'scripts') setLibraryOpened(true)
  }
  return (
    <>
      <div className="workspace-tabs" role="tablist" aria-label="侧边栏">
        <button type="button" role="tab" className="tabs__tab workspace-tabs__tab" aria-selected={view === 'group'} onClick={() => open('group')}>
          客户群
        </button>
        <button type="button" role="tab" className="tabs__tab workspace-tabs__tab" aria-selected={view === 'scripts'} onClick={() => open('scripts')}>
          话术库
        </button>
        <button type="button" role="tab" className="tabs__tab workspace-tabs__tab" aria-selected={view === 'materials'} onClick={() => open('materials')}>
          素材
        </button>
      </div>
      <div hidden={view !== 'group'}>
        <SopSteps target={{ kind: 'group', chatId }} />
        <GroupView group={group} />
      </div>
      {libraryOpened && (
        <div hidden={view !== 'scripts'}>
          <Suspense fallback={<p className="muted">话术库加载中…</p>}>
            {/* In a group there is no one customer: only the guide's own name fills in. */}
            <ScriptLibrary
              target={{ kind: 'group', chatId }}
              values={{ customerName: null, staffName: staff.name, level: null, points: null }}
              onSent={() => undefined}
            />
          </Suspense>
        </div>
      )}
      {view === 'materials' && (
        <Suspense fallback={<p className="muted">素材加载中…</p>}>
          <MaterialLibrary />
        </Suspense>
      )}
    </>
  )
}
