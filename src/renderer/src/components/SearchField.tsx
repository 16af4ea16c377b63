/**
 * The search box of a list page: what is typed becomes the list's query after a short pause
 * (so typing "mat ong" does not ask five times), or at once on Enter.
 */
import { SearchOutlined } from '@ant-design/icons'
import { Input } from 'antd'
import { useEffect, useState } from 'react'
import { useDebouncedValue } from './useDebouncedValue'

export const SEARCH_DEBOUNCE_MS = 250

export function SearchField({
  id,
  query,
  onQuery,
  placeholder,
  debounceMs = SEARCH_DEBOUNCE_MS,
}: {
  id: string
  query: string
  onQuery: (query: string) => void
  placeholder: string
  debounceMs?: number
}) {
  const [typed, setTyped] = useState(query)
  const debounced = useDebouncedValue(typed, debounceMs)
  useEffect(() => {
    if (debounced !== query) onQuery(debounced)
  }, [debounced, query, onQuery])
  return (
    <Input
      id={id}
      type="search"
      allowClear
      prefix={<SearchOutlined />}
      placeholder={placeholder}
      value={typed}
      onChange={(e) => setTyped(e.target.value)}
      onPressEnter={() => onQuery(typed)}
      autoComplete="off"
    />
  )
}
