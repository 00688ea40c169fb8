import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { guardTabClose } from '../lib/unsaved-changes'
import './admin.css'

const root = document.getElementById('root')
if (!root) throw new Error('#root is missing from index.html')
guardTabClose(window)
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
