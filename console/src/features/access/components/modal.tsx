import type { ReactNode } from 'react'
import '../access.css'

/** A dialog over the page for a form or a result that needs the admin's attention; named for screen readers and tests. */
export function Modal({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-label={title}>
        <h2 className="modal__title">{title}</h2>
        {children}
      </div>
    </div>
  )
}
