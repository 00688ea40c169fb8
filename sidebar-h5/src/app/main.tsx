import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { setStaffToken, staffHttp } from '../lib/staff-http'
import { getWecom } from '../lib/wecom'
import { App } from './app'
import { createBootController } from './boot'
import './app.css'

const wecom = getWecom()
// Created once per page, outside React: the OAuth code in the URL can be spent only once.
const boot = createBootController({ wecom, http: staffHttp, setToken: setStaffToken })
boot.start()

const root = document.getElementById('root')
if (!root) throw new Error('#root is missing from index.html')
createRoot(root).render(
  <StrictMode>
    <App wecom={wecom} boot={boot} />
  </StrictMode>,
)
