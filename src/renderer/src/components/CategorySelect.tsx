import { Select } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { OCOP_GROUPS } from '@shared/domain/ocop'
import { foldVietnamese } from '@shared/domain/vietnamese'
import { useFormat } from './format'

interface CategorySelectProps {
  readonly id?: string
  readonly value?: string | null
  readonly onChange?: (value: string | null) => void
  readonly placeholder?: string
  readonly allowClear?: boolean
  readonly style?: React.CSSProperties
  readonly disabled?: boolean
}

/**
 * A category is one of the six OCOP groups (stored as its code, shown by name) or free text
 * the seller types: whatever is typed is offered as an extra choice under "other groups".
 */
export function CategorySelect({ id, value, onChange, placeholder, allowClear, style, disabled }: CategorySelectProps) {
  const { t } = useTranslation()
  const format = useFormat()
  const [search, setSearch] = useState('')
  const options = useMemo(() => {
    const groups = OCOP_GROUPS.map((code) => ({ value: code, label: format.category(code) ?? code }))
    const typed = search.trim()
    const extra: { value: string; label: string }[] = []
    const foldedTyped = foldVietnamese(typed)
    const matchesGroup = groups.some((g) => foldVietnamese(g.label) === foldedTyped)
    if (typed && !matchesGroup) extra.push({ value: typed, label: t('category.custom', { name: typed }) })
    if (value && !(OCOP_GROUPS as readonly string[]).includes(value) && value !== typed) extra.push({ value, label: value })
    return [
      { label: t('category.ocopGroups'), title: t('category.ocopGroups'), options: groups },
      ...(extra.length > 0 ? [{ label: t('category.otherGroups'), title: t('category.otherGroups'), options: extra }] : []),
    ]
  }, [format, search, t, value])

  return (
    <Select<string>
      id={id}
      showSearch={{
        searchValue: search,
        onSearch: setSearch,
        filterOption: (input, option) => option?.value === input.trim() || foldVietnamese(String(option?.label ?? '')).includes(foldVietnamese(input)),
      }}
      value={value ?? undefined}
      onChange={(v) => {
        setSearch('')
        onChange?.(v ?? null)
      }}
      placeholder={placeholder}
      allowClear={allowClear}
      options={options}
      style={style}
      disabled={disabled}
      popupMatchSelectWidth={false}
    />
  )
}
