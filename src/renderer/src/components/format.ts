/**
 * How numbers, money, dates and categories look, per language. Dates are shown in Vietnam's
 * time zone whatever the computer says: the cooperative's day is what matters.
 */
import { useTranslation } from 'react-i18next'
import { formatVnd } from '@shared/domain/money'
import { isOcopGroup, OCOP_GROUP_NAMES } from '@shared/domain/ocop'
import type { Language } from '../i18n'

export const APP_TIME_ZONE = 'Asia/Ho_Chi_Minh'

const dateTimeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: APP_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** `20:27 28/11/2026` in Vietnamese (time first, as vi-VN writes it), `28/11/2026 20:27` in English. */
export function formatDateTime(iso: string, language: Language): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const part = Object.fromEntries(dateTimeParts.formatToParts(date).map((p) => [p.type, p.value]))
  const day = `${part['day']}/${part['month']}/${part['year']}`
  const time = `${part['hour']}:${part['minute']}`
  return language === 'vi' ? `${time} ${day}` : `${day} ${time}`
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-US').format(value)
}

export function formatBytes(bytes: number, language: Language): string {
  const units = ['B', 'KB', 'MB', 'GB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const text = new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)
  return `${text} ${units[unit]}`
}

/** An OCOP group code shows as its name; a free category shows as typed. */
export function categoryLabel(category: string | null, language: Language): string | null {
  if (!category) return null
  return isOcopGroup(category) ? OCOP_GROUP_NAMES[category][language] : category
}

export function useLanguage(): Language {
  const { i18n } = useTranslation()
  return i18n.language === 'en' ? 'en' : 'vi'
}

/** Formatters bound to the current language; components re-render when it changes. */
export function useFormat() {
  const { t } = useTranslation()
  const language = useLanguage()
  return {
    language,
    vnd: (amount: number) => formatVnd(amount, language),
    priceRange(min: number | null, max: number | null): string {
      if (min === null || max === null) return t('common.empty')
      return min === max ? formatVnd(min, language) : t('products.priceRange', { min: formatVnd(min, language), max: formatVnd(max, language) })
    },
    dateTime: (iso: string) => formatDateTime(iso, language),
    number: (value: number) => formatNumber(value, language),
    bytes: (value: number) => formatBytes(value, language),
    category: (category: string | null) => categoryLabel(category, language),
  }
}
