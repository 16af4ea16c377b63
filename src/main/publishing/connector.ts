/**
 * What the publishing outbox needs from a marketplace (Shopee, Lazada, TikTok Shop): one shape
 * for all three, so the outbox, its retries and its tests never know which platform they talk
 * to. A connector signs and sends one request per call and turns every answer into either a
 * result or a `ConnectorFailure` that says what to do next (wait, refresh the token, give up).
 * Connectors hold no state: tokens and cursors are passed in and handed back, and the outbox
 * stores them in the same transaction as the job they belong to.
 */
import type { AxiosInstance } from 'axios'

export type MarketplaceKind = 'shopee' | 'lazada' | 'tiktok'

/** Where a connector sends its requests: sandbox or live hosts, or a local fake in tests. */
export interface ConnectorHosts {
  /** API host, e.g. https://partner.shopeemobile.com, https://api.lazada.vn/rest, https://open-api.tiktokglobalshop.com */
  readonly apiBase: string
  /** Where the seller authorises the app (Lazada and TikTok use their own hosts for it). */
  readonly authBase: string
}

/** The app's own keys on the platform (partner_id/partner_key, app_key/app_secret). Never sent to the renderer. */
export interface AppCredentials {
  readonly appKey: string
  readonly appSecret: string
  /** TikTok Shop: the service id of the authorisation page. */
  readonly serviceId?: string
}

/** What every connector is built from; each platform documents its own hosts and default deadline. */
export interface ConnectorOptions<Hosts extends ConnectorHosts = ConnectorHosts> {
  /** Injected, so the composition root chooses proxies and agents, and tests point it at a fake. */
  readonly http: AxiosInstance
  readonly hosts: Hosts
  readonly app: AppCredentials
  /** Deadline for one request, the whole exchange included. */
  readonly timeoutMs?: number
}

/** A shop's authorisation. Times are epoch milliseconds. */
export interface ShopTokens {
  readonly accessToken: string
  readonly accessExpiresAt: number
  readonly refreshToken: string
  /** null: the platform did not say. */
  readonly refreshExpiresAt: number | null
  /** Shopee shop_id, Lazada seller_id, TikTok shop id. */
  readonly shopId: string
  /** TikTok Shop: the shop_cipher every shop-scoped call needs. */
  readonly shopCipher?: string
}

export type ConnectorFailureKind =
  /** Too many calls: wait `retryAfterMs` (from Retry-After or the platform's rule) and try again. */
  | 'rate_limited'
  /** The token is expired or revoked: refresh once, then retry. */
  | 'auth'
  /** Network error, timeout, 5xx, or the platform's own "server error": retry with backoff. */
  | 'transient'
  /** The platform refused the request itself (bad field, missing attribute): retrying will not help. */
  | 'rejected'
  /** The item the request names does not exist on the platform (any more). */
  | 'not_found'

export class ConnectorFailure extends Error {
  override readonly name = 'ConnectorFailure'
  constructor(
    readonly kind: ConnectorFailureKind,
    message: string,
    readonly details: {
      /** The platform's error code as sent (error_param, 36009002, ApiCallLimit…). */
      readonly code?: string
      readonly retryAfterMs?: number
      readonly httpStatus?: number
      /** The field the platform named, when it named one. */
      readonly field?: string
      /**
       * 'transient' only: the request never reached the platform (no connection, DNS, refused).
       * Being offline is not the job's fault, so it waits without spending its attempts.
       */
      readonly offline?: boolean
    } = {},
  ) {
    super(message)
  }
}

/**
 * Network error codes Node raises before any byte of a request has left this machine: the name
 * did not resolve (ENOTFOUND, EAI_AGAIN), there is no route or no network (ENETUNREACH,
 * EHOSTUNREACH, ENETDOWN), or the host refused the connection (ECONNREFUSED). The platform cannot
 * have seen such a call, so it cannot have taken effect, and being offline is not the job's
 * fault. Every connector and the portal client read them through `isNoConnection`, so a day
 * without network means the same thing on every channel.
 */
export const NO_CONNECTION_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN'])

/** Whether a network error code means no connection was ever made (see NO_CONNECTION_CODES). */
export function isNoConnection(code: string | null | undefined): boolean {
  return code !== null && code !== undefined && NO_CONNECTION_CODES.has(code)
}

/** One sellable unit of a listing: our variant. */
export interface ListingSku {
  readonly sku: string
  readonly priceVnd: number
  /** What the channel may sell: available − the listing's buffer, never below 0. */
  readonly quantity: number
  /** Option values ("Hũ 500 g"), for platforms that model variants. */
  readonly optionLabel: string | null
  /** The platform's id of this SKU/model, once created. */
  readonly externalSkuId?: string | null
  readonly weightGrams: number | null
  readonly barcode: string | null
}

/** A platform-hosted image, after upload. */
export interface UploadedImage {
  /** Shopee image_id, Lazada URL, TikTok uri. */
  readonly ref: string
  readonly url: string | null
}

export interface ListingPayload {
  /** Our listing id: the idempotency anchor (TikTok idempotency_key / external_product_id, our SKU search elsewhere). */
  readonly listingId: string
  readonly title: string
  /** Plain text with line breaks; connectors convert to what the platform wants. */
  readonly description: string
  readonly categoryId: string
  /** Platform attribute id → value (custom values as text). */
  readonly attributes: Readonly<Record<string, string>>
  readonly brandId: string | null
  readonly images: readonly UploadedImage[]
  readonly skus: readonly ListingSku[]
  /** Shopee: logistics channel ids enabled for the item. */
  readonly logisticsIds?: readonly string[]
}

export interface CreatedItem {
  readonly itemId: string
  /** Our SKU → the platform's SKU/model id. */
  readonly skuIds: Readonly<Record<string, string>>
}

/** An order as a platform reports it, reduced to what our orders module records. */
export interface ExternalOrder {
  readonly externalId: string
  readonly status: string
  /** Our reading of the platform's status. */
  readonly state: 'unpaid' | 'to_ship' | 'shipped' | 'delivered' | 'completed' | 'cancelled' | 'returned'
  readonly createdAt: string
  readonly updatedAt: string
  readonly buyerName: string | null
  readonly buyerPhone: string | null
  readonly addressText: string | null
  readonly totalVnd: number
  readonly shippingFeeVnd: number
  readonly lines: readonly { readonly sku: string; readonly quantity: number; readonly unitPriceVnd: number; readonly name: string }[]
  readonly trackingCode: string | null
}

export interface OrderPage {
  readonly orders: readonly ExternalOrder[]
  /** Stored and passed back next time; overlapping windows are fine (import is idempotent). */
  readonly cursor: string
  readonly more: boolean
}

export interface MarketplaceConnector {
  readonly kind: MarketplaceKind
  /** The page the seller opens to authorise the app; `state` comes back on the redirect. */
  authorizeUrl(redirectUri: string, state: string, nowMs: number): string
  /** The redirect's query (code, shop_id…) exchanged for tokens. */
  exchangeCode(callback: Readonly<Record<string, string>>, nowMs: number): Promise<ShopTokens>
  /** A new token pair. Shopee's refresh token is single-use: the caller stores the result atomically. */
  refresh(tokens: ShopTokens, nowMs: number): Promise<ShopTokens>
  uploadImage(tokens: ShopTokens, image: { readonly bytes: Buffer; readonly fileName: string }, nowMs: number): Promise<UploadedImage>
  createItem(tokens: ShopTokens, listing: ListingPayload, nowMs: number): Promise<CreatedItem>
  /**
   * The item created for this listing earlier, if any: after a create whose answer was lost,
   * the outbox asks before creating again, so a retry never makes a second listing.
   */
  findItem(tokens: ShopTokens, listing: Pick<ListingPayload, 'listingId' | 'skus'>, nowMs: number): Promise<CreatedItem | null>
  updateItem(tokens: ShopTokens, itemId: string, listing: ListingPayload, nowMs: number): Promise<void>
  unlistItem(tokens: ShopTokens, itemId: string, nowMs: number): Promise<void>
  /**
   * Puts an item that unlistItem took off sale back on sale. An item already on sale is success,
   * so a retry after a lost answer does no harm; an update of its content alone would leave it
   * hidden on the platform while our listing says published.
   */
  relistItem(tokens: ShopTokens, itemId: string, nowMs: number): Promise<void>
  updateStock(tokens: ShopTokens, itemId: string, skus: readonly Pick<ListingSku, 'sku' | 'externalSkuId' | 'quantity'>[], nowMs: number): Promise<void>
  updatePrice(tokens: ShopTokens, itemId: string, skus: readonly Pick<ListingSku, 'sku' | 'externalSkuId' | 'priceVnd'>[], nowMs: number): Promise<void>
  /** Orders changed since the cursor (null: since `sinceMs`), one page at a time. */
  pullOrders(tokens: ShopTokens, cursor: string | null, sinceMs: number, nowMs: number): Promise<OrderPage>
}
