/**
 * A shop lets the app manage it (OAuth): the seller opens the marketplace's page, approves, and
 * the marketplace sends the browser back to the app's loopback address with a one-time code
 * (reference §1.4, §2, §3). The code is exchanged at once and the tokens stored sealed. `state`
 * ties the return to the request: random, single-use, valid 10 minutes (Shopee's link itself
 * dies after 5), kept in memory because an app restart in between simply means "try again".
 * TikTok Shop only returns to the redirect registered in its Partner Center, so a TikTok shop
 * needs the loopback address registered there, and so does a Lazada app: the add-channel dialog
 * shows it (`redirectUrl`), and the desktop keeps it fixed (loopback-callbacks.ts).
 */
import { randomBytes } from 'node:crypto'
import { AppError } from '@shared/contract/errors'
import type { ServiceDeps } from '../context'
import type { SecretBox } from '../payments/secret-box'
import { ConnectorFailure } from './connector'
import type { ConnectorFactory } from './publishing.handlers'

export const CHANNEL_CALLBACK_PATH = '/channels/callback'
const STATE_TTL_MS = 10 * 60_000

export interface ChannelCallbackResult {
  readonly ok: boolean
  readonly accountName: string | null
  readonly shopId: string | null
  /** Why it failed: unknown_state, expired_state, refused (the marketplace said no), exchange_failed. */
  readonly reason: string | null
  readonly message: string | null
}

export interface ChannelAuthDeps extends ServiceDeps {
  readonly secrets: SecretBox
  readonly connectorFor: ConnectorFactory
  /** The loopback base URL the marketplace returns to, once it listens. */
  readonly callbackBaseUrl: () => string | null
}

export function createChannelAuth(deps: ChannelAuthDeps) {
  const { db, clock, secrets } = deps
  const pending = new Map<string, { accountId: string; expiresAt: number }>()

  async function marketplaceAccount(id: string) {
    const row = await db.selectFrom('channel_account').selectAll().where('id', '=', id).where('archived_at', 'is', null).executeTakeFirst()
    if (!row) throw new AppError('NOT_FOUND', `No channel account ${id}`, { entity: 'channelAccount', id })
    if (row.kind !== 'shopee' && row.kind !== 'lazada' && row.kind !== 'tiktok') {
      throw new AppError('CONFLICT', 'Only a marketplace shop is authorised this way', { reason: 'not_a_marketplace' })
    }
    if (!row.app_key || !row.secret_sealed || !row.api_base || !row.auth_base) {
      throw new AppError('CONFLICT', 'Enter the app key and secret of the channel first', { reason: 'channel_not_configured' })
    }
    const connector = deps.connectorFor({ kind: row.kind, apiBase: row.api_base, authBase: row.auth_base, appKey: row.app_key, appSecret: secrets.open(row.secret_sealed) })
    return { row, connector }
  }

  return {
    /** Where marketplaces send the seller back: what Lazada and TikTok Shop need registered. */
    redirectUrl(): { url: string | null } {
      const base = deps.callbackBaseUrl()
      return { url: base ? `${base}${CHANNEL_CALLBACK_PATH}` : null }
    },

    async start(id: string): Promise<{ url: string; expiresAt: string }> {
      const { connector } = await marketplaceAccount(id)
      const base = deps.callbackBaseUrl()
      if (!base) throw new AppError('CONFLICT', 'The app cannot receive the marketplace’s answer right now (its local return address is not ready)', { reason: 'return_url_unavailable' })
      const now = clock.now()
      for (const [state, entry] of pending) if (entry.expiresAt < now) pending.delete(state)
      const state = randomBytes(24).toString('base64url')
      const expiresAt = now + STATE_TTL_MS
      pending.set(state, { accountId: id, expiresAt })
      return { url: connector.authorizeUrl(`${base}${CHANNEL_CALLBACK_PATH}`, state, now), expiresAt: new Date(expiresAt).toISOString() }
    },

    /** The marketplace's redirect: check the state, exchange the code, store the tokens. */
    async handleCallback(query: URLSearchParams): Promise<ChannelCallbackResult> {
      const fail = (reason: string, message: string | null = null): ChannelCallbackResult => ({ ok: false, accountName: null, shopId: null, reason, message })
      const state = query.get('state') ?? ''
      const entry = pending.get(state)
      if (!entry) return fail('unknown_state')
      pending.delete(state)
      if (entry.expiresAt < clock.now()) return fail('expired_state')
      if (!query.get('code') && !query.get('auth_code')) return fail('refused', query.get('error') ?? query.get('message'))
      const { row, connector } = await marketplaceAccount(entry.accountId)
      try {
        const tokens = await connector.exchangeCode(Object.fromEntries(query.entries()), clock.now())
        const at = clock.isoNow()
        await db
          .updateTable('channel_account')
          .set({
            state: 'connected',
            shop_id: tokens.shopId,
            shop_cipher: tokens.shopCipher ?? null,
            access_token_sealed: secrets.seal(tokens.accessToken),
            access_expires_at: new Date(tokens.accessExpiresAt).toISOString(),
            refresh_token_sealed: secrets.seal(tokens.refreshToken),
            refresh_expires_at: tokens.refreshExpiresAt === null ? null : new Date(tokens.refreshExpiresAt).toISOString(),
            last_error: null,
            updated_at: at,
          })
          .where('id', '=', row.id)
          .execute()
        return { ok: true, accountName: row.display_name, shopId: tokens.shopId, reason: null, message: null }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        await db.updateTable('channel_account').set({ state: 'error', last_error: message.slice(0, 500), updated_at: clock.isoNow() }).where('id', '=', row.id).execute()
        if (error instanceof ConnectorFailure) return fail('exchange_failed', message)
        throw error
      }
    },
  }
}

export type ChannelAuth = ReturnType<typeof createChannelAuth>
