/**
 * One connector per marketplace, built for an account's hosts and app keys. The HTTP client is
 * the app's (tests point the hosts at the platforms' fakes), and so is its timeout when it has
 * one: each connector sets a timeout on every request, which would otherwise silently replace
 * the client's.
 */
import type { AxiosInstance } from 'axios'
import type { MarketplaceConnector } from './connector'
import { createLazadaConnector } from './lazada/lazada.connector'
import type { ConnectorFactory } from './publishing.handlers'
import { createShopeeConnector } from './shopee/shopee.connector'
import { createTikTokConnector } from './tiktok/tiktok.connector'

export function marketplaceConnectors(http: AxiosInstance): ConnectorFactory {
  const timeout = http.defaults.timeout
  const deadline = typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout } : {}
  return (account): MarketplaceConnector => {
    const options = { http, hosts: { apiBase: account.apiBase, authBase: account.authBase }, app: { appKey: account.appKey, appSecret: account.appSecret }, ...deadline }
    switch (account.kind) {
      case 'shopee':
        return createShopeeConnector(options)
      case 'lazada':
        return createLazadaConnector(options)
      case 'tiktok':
        return createTikTokConnector(options)
    }
  }
}
