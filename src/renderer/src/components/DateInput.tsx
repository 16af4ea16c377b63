/**
 * A calendar-date field as Vietnamese offices write dates: dd/mm/yyyy (also d/m/yyyy and
 * ddmmyyyy when typed), optionally refusing days after today in Vietnam. Enter confirms a typed
 * date without also submitting the surrounding form.
 */
import { DatePicker } from 'antd'
import type { Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { todayInVietnam } from '@shared/domain/calendar'

export const DATE_FORMATS = ['DD/MM/YYYY', 'D/M/YYYY', 'DDMMYYYY']

export function DateInput(props: {
  id?: string
  value?: Dayjs | null
  onChange?: (value: Dayjs | null) => void
  noFuture?: boolean
  placeholder?: string
  disabled?: boolean
}) {
  const { t } = useTranslation()
  const today = todayInVietnam(Date.now())
  return (
    <DatePicker
      id={props.id}
      value={props.value ?? null}
      onChange={(value) => props.onChange?.(value)}
      format={DATE_FORMATS}
      disabled={props.disabled}
      placeholder={props.placeholder ?? t('common.datePlaceholder')}
      disabledDate={props.noFuture ? (d) => d.format('YYYY-MM-DD') > today : undefined}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.preventDefault()
      }}
      style={{ width: '100%' }}
    />
  )
}
