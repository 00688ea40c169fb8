// Asks before a step that cannot be taken back (paying out, adjusting a balance): NutUI's dialog,
// with the step named on its confirm button.
import '@nutui/nutui-react/dist/es/packages/dialog/style/css'
import Dialog from '@nutui/nutui-react/dist/es/packages/dialog'
import type { ReactNode } from 'react'
import './theme.css'

export function ConfirmDialog({
  visible,
  title,
  confirmText,
  children,
  onConfirm,
  onClose,
}: {
  visible: boolean
  title: string
  /** what the step is, e.g. 「确认打款」: never a bare 「确定」 */
  confirmText: string
  children: ReactNode
  /** the dialog waits for it, showing progress, and closes once it settles without throwing */
  onConfirm: () => Promise<void> | void
  onClose: () => void
}) {
  return (
    <Dialog
      visible={visible}
      title={title}
      confirmText={confirmText}
      cancelText="取消"
      closeOnOverlayClick={false}
      onConfirm={onConfirm}
      onCancel={onClose}
      onClose={onClose}
    >
      {children}
    </Dialog>
  )
}
