/**
 * The Content-Security-Policy of the renderer, sent as a header by both the Electron protocol
 * handler and the HTTP server. Scripts only from the app itself; antd's CSS-in-JS needs inline
 * styles; images may be data:/blob: (previews) and app-served files.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')
