import { describe, expect, it } from 'vitest'
import { CHANNEL_KINDS, LISTING_STATUSES, channelAccountDto } from '@shared/contract/publishing'
import { en } from './en'
import { vi } from './vi'

/** Outbox job kinds and the refusals of listings.publish / channels.* (src/main/publishing). */
const JOB_KINDS = ['publish', 'update', 'unlist', 'image', 'stock', 'price', 'pull_orders', 'portal_push'] as const
const REFUSALS = ['category_required', 'images_required', 'no_variants', 'product_not_active', 'listing_unknown', 'no_seller', 'product_archived', 'job_state'] as const

describe('the channel words', () => {
  it('name every channel kind, connection state, listing status, job kind and refusal in both languages', () => {
    for (const catalogue of [vi, en]) {
      for (const kind of CHANNEL_KINDS) expect(catalogue.publishing.kinds[kind], kind).toBeTruthy()
      for (const state of channelAccountDto.shape.state.options) expect(catalogue.publishing.accountState[state], state).toBeTruthy()
      for (const status of LISTING_STATUSES) expect(catalogue.publishing.listingStatus[status], status).toBeTruthy()
      for (const kind of JOB_KINDS) expect(catalogue.publishing.jobKinds[kind], kind).toBeTruthy()
      for (const reason of REFUSALS) expect(catalogue.publishing.errors[reason], reason).toBeTruthy()
    }
  })

  it('use the glossary’s words: kênh bán, đăng bán, and the listing statuses sellers read', () => {
    expect(vi.nav.channels).toBe('Kênh bán')
    expect(vi.publishing.title).toBe('Kênh bán')
    expect(vi.publishing.listingStatus).toEqual({ draft: 'Nháp', queued: 'Đang chờ gửi', published: 'Đã đăng', error: 'Lỗi', unlisted: 'Đã gỡ' })
    expect(vi.publishing.listings.publish).toBe('Đăng bán ({{count}})')
  })

  it('name the product in every refusal that is about one product', () => {
    for (const reason of ['category_required', 'images_required', 'no_variants', 'product_not_active'] as const) {
      expect(vi.publishing.errors[reason], reason).toContain('{{product}}')
      expect(en.publishing.errors[reason], reason).toContain('{{product}}')
    }
  })
})
