/**
 * Test helpers for the publishing outbox and its channels.
 *
 * drainOutbox: drains an outbox in a test until nothing waits, moving the test clock to each next due job
 * (backoffs and Retry-After waits pass in no real time). Stops when only jobs held behind a
 * dead one are left; fails loudly if it never settles.
 */
import type { Db } from '../db/connection'
import type { SecretBox } from '../payments/secret-box'
import type { Outbox } from './outbox'
import type { ConnectorFactory } from './publishing.handlers'

export async function drainOutbox(clock: { now(): number; advance(ms: number): void }, outbox: Outbox, maxRounds = 5_000): Promise<number> {
  for (let rounds = 0; rounds < maxRounds; rounds++) {
    const report = await outbox.drainOnce(8)
    if (report.ran > 0) continue
    const due = await outbox.nextDueAt()
    if (due === null) return rounds
    // Due already and still not run: held behind a dead job of its listing, for a person to settle.
    if (Date.parse(due) <= clock.now()) return rounds
    clock.advance(Date.parse(due) - clock.now())
  }
  throw new Error(`the outbox did not settle in ${maxRounds} rounds`)
}

/**
 * A Shopee channel account as if its shop had approved the app: the fake's code is exchanged by
 * the real connector and the tokens stored sealed, as the app's redirect handler does.
 */
export async function connectShopee(
  db: Db,
  secrets: SecretBox,
  connectors: ConnectorFactory,
  account: { readonly id: string; readonly apiBase: string; readonly app: { readonly partnerId: string; readonly partnerKey: string } },
  approval: { readonly code: string; readonly shopId: string },
  nowMs: number,
): Promise<void> {
  const connector = connectors({ kind: 'shopee', apiBase: account.apiBase, authBase: account.apiBase, appKey: account.app.partnerId, appSecret: account.app.partnerKey })
  const tokens = await connector.exchangeCode({ code: approval.code, shop_id: approval.shopId }, nowMs)
  await db
    .updateTable('channel_account')
    .set({
      state: 'connected',
      shop_id: tokens.shopId,
      access_token_sealed: secrets.seal(tokens.accessToken),
      access_expires_at: new Date(tokens.accessExpiresAt).toISOString(),
      refresh_token_sealed: secrets.seal(tokens.refreshToken),
    })
    .where('id', '=', account.id)
    .execute()
}
