import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { captureAccessToken, watchForAccessToken } from './api/token'
import './i18n'
import { App } from './app/App'

// Before anything renders: the router takes over the URL fragment, where the token arrives.
captureAccessToken()
watchForAccessToken()

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
