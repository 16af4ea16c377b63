/**
 * i18next set up once, Vietnamese first. The chosen language is remembered in localStorage
 * so the shared office PC opens in the language its last user picked.
 */
import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './en'
import { vi } from './vi'

export const LANGUAGES = ['vi', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

const STORAGE_KEY = 'ocop.language'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: typeof vi }
  }
}

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

function rememberedLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY)
    return isLanguage(stored) ? stored : 'vi'
  } catch {
    return 'vi'
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'vi'
}

export async function changeLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, language)
  } catch {
    // Private windows may refuse storage; the choice then lasts for this session only.
  }
  await i18n.changeLanguage(language)
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language
  document.title = i18n.t('app.title')
})

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: rememberedLanguage(),
  fallbackLng: 'vi',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
})

/**
 * For keys built at run time (error codes, audit actions): the typed `t` only accepts
 * literal keys, so dynamic lookups go through here and fall back when a key is missing.
 */
export function translateDynamic(key: string, params?: Record<string, unknown>, fallbackKey?: string): string {
  const lookup = i18n.t as unknown as (k: string, o?: Record<string, unknown>) => string
  if (i18n.exists(key)) return lookup(key, params)
  return fallbackKey ? lookup(fallbackKey, params) : key
}

export function hasText(key: string): boolean {
  return i18n.exists(key)
}

export { i18n }
