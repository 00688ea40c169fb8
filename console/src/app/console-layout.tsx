import type { ReactNode } from 'react'
import type { NavGroup, PageKey } from './navigation'

export function ConsoleLayout({
  username,
  groups,
  held = false,
  activePage,
  onNavigate,
  onLogout,
  children,
}: {
  username: string
  /** the pages this admin may open */
  groups: readonly NavGroup[]
  /** set while the admin must replace a one-time password (or before the console knows who they are): nowhere else to go */
  held?: boolean
  activePage: PageKey
  onNavigate: (page: PageKey) => void
  onLogout: () => void
  children: ReactNode
}) {
  return (
    <div className="console">
      <header className="topbar">
        <span className="topbar__brand">留量 · 管理后台</span>
        <span className="topbar__user">
          {username}
          {!held && (
            <button className="button button--link" type="button" onClick={() => onNavigate('password')}>
              修改密码
            </button>
          )}
          <button className="button button--link" type="button" onClick={onLogout}>
            退出登录
          </button>
        </span>
      </header>
      <nav className="sidenav" aria-label="主导航">
        {groups.map((group) => (
          <div key={group.title} className="sidenav__group">
            <div className="sidenav__heading">{group.title}</div>
            {group.items.map((item) => (
              <a
                key={item.key}
                href={`#/${item.key}`}
                className={`sidenav__item${item.key === activePage ? ' sidenav__item--active' : ''}`}
                aria-current={item.key === activePage ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault()
                  onNavigate(item.key)
                }}
              >
                {item.label}
              </a>
            ))}
          </div>
        ))}
      </nav>
      <main className="content">{children}</main>
    </div>
  )
}
