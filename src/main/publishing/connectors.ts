/**
 * One connector per marketplace, built for an account's hosts and app keys. The HTTP client is
 * the app's (tests point the hosts at the platforms' fakes).
 */
import type { AxiosInstance } from 'axios'
import type { MarketplaceConnector } from './connector'
import { createLazadaConnector } from './lazada/lazada.connector'
import type { ConnectorFactory } from './publishing.handlers'
import { createShopeeConnector } from './shopee/shopee.connector'
import { createTikTokConnector } from './tiktok/tiktok.connector'

export function marketplaceConnectors(http: AxiosInstance): ConnectorFactory {
  return (account): MarketplaceConnector => {
    const options = { http, hosts: { apiBase: account.apiBase, authBase: account.authBase }, app: { appKey: account.appKey, appSecret: account.appSecret } }
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
