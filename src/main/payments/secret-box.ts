/**
 * Where payment secrets (the VNPay hash secret) are sealed before they touch the database.
 * The desktop app seals with the operating system (Electron safeStorage: DPAPI on Windows);
 * browser mode has no OS keychain to borrow, so it uses AES-256-GCM with a key file readable
 * only by the user, and the settings screen says so. Neither ever sends a secret to the renderer.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface SecretBox {
  readonly protection: 'os' | 'key_file'
  seal(plain: string): string
  open(sealed: string): string
}

const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16

function loadOrCreateKey(keyFile: string): Buffer {
  if (existsSync(keyFile)) {
    const key = readFileSync(keyFile)
    if (key.length !== KEY_BYTES) throw new Error(`${keyFile} is not a ${KEY_BYTES}-byte key; move it away to create a new one (stored secrets must then be entered again)`)
    return key
  }
  mkdirSync(dirname(keyFile), { recursive: true })
  const key = randomBytes(KEY_BYTES)
  // 'wx': never overwrite a key another process just wrote; 0o600: the user only (POSIX).
  writeFileSync(keyFile, key, { mode: 0o600, flag: 'wx' })
  chmodSync(keyFile, 0o600)
  return key
}

/** AES-256-GCM under a key file: `v1:` + base64(iv ‖ tag ‖ ciphertext). The key is read lazily. */
export function keyFileSecretBox(keyFile: string): SecretBox {
  let key: Buffer | undefined
  const theKey = () => (key ??= loadOrCreateKey(keyFile))
  return {
    protection: 'key_file',
    seal(plain) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', theKey(), iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`
    },
    open(sealed) {
      if (!sealed.startsWith('v1:')) throw new Error('not sealed by this key file')
      const raw = Buffer.from(sealed.slice(3), 'base64')
      const decipher = createDecipheriv('aes-256-gcm', theKey(), raw.subarray(0, IV_BYTES))
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
    },
  }
}
