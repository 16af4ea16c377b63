/**
 * What every spec needs: the access token, a way to ask the backend directly (to set up or
 * check state without going through the UI), and names no other test uses.
 */
import { expect, type APIRequestContext, type Page } from '@playwright/test'
import type { SellerDto } from '../../src/shared/contract/dto'
import type { OperationInput, OperationName, OperationOutput } from '../../src/shared/contract/operations'

export const TOKEN = 'e2e-token-0123456789'

/** Opens the app the way the server tells a person to: the token in the URL fragment. */
export async function openApp(page: Page): Promise<void> {
  await page.goto(`/#token=${TOKEN}`)
}

export async function api<K extends OperationName>(request: APIRequestContext, name: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
  const response = await request.post(`/api/${name}`, { data: input ?? {}, headers: { Authorization: `Bearer ${TOKEN}` } })
  const body = (await response.json()) as { ok: boolean; data?: OperationOutput<K>; error?: unknown }
  expect(body.ok, `${name} answered ${JSON.stringify(body.error)}`).toBe(true)
  return body.data as OperationOutput<K>
}

/** Specs after the first-run one must not depend on its leftovers: make sure a seller exists. */
export async function ensureSeller(request: APIRequestContext): Promise<SellerDto> {
  const sellers = await api(request, 'sellers.listSellers', {})
  const existing = sellers.find((s) => s.isDefault) ?? sellers[0]
  if (existing) return existing
  return api(request, 'sellers.createSeller', { name: 'HTX Thử nghiệm Đa Tốn', kind: 'cooperative', taxCode: null })
}

/** A short suffix, letters and digits only, so names and SKUs never collide between tests or runs. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36).slice(-4)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase()
}
