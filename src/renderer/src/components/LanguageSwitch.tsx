import { Radio } from 'antd'
import { useTranslation } from 'react-i18next'
import { changeLanguage, LANGUAGES, type Language } from '../i18n'
import { useLanguage } from './format'

/** Each language is named in itself, so a user lost in the wrong one can still find theirs. */
export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  const { t } = useTranslation()
  const language = useLanguage()
  return (
    <Radio.Group
      aria-label={t('language.label')}
      role="radiogroup"
      size={size}
      optionType="button"
      value={language}
      onChange={(e) => void changeLanguage(e.target.value as Language)}
      options={LANGUAGES.map((lng) => ({ value: lng, label: t(`language.${lng}`) }))}
    />
  )
}
