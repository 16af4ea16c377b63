import { DatePicker, Flex } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { DASHBOARD_PRESETS, presetPeriod, type Period, type PeriodPreset } from './period'

/** dayjs reads `YYYY-MM-DD` as that day at local midnight, and formats it back the same way. */
const DAY = 'YYYY-MM-DD'

/**
 * The period's days as the seller reads them (dd/mm/yyyy); nothing after today can be picked.
 * `id` names the first date field, which the visible label points at: one per screen.
 */
export function PeriodPicker(props: {
  period: Period
  today: string
  onChange: (period: Period) => void
  presets?: readonly PeriodPreset[]
  id?: string
  disabled?: boolean
}) {
  const { t } = useTranslation()
  const { period, today, onChange } = props
  const id = props.id ?? 'period'
  const last = dayjs(today)
  return (
    <Flex align="center" gap={8} wrap>
      <label htmlFor={id}>{t('period.label')}</label>
      <DatePicker.RangePicker
        id={{ start: id }}
        format="DD/MM/YYYY"
        allowClear={false}
        disabled={props.disabled}
        placeholder={[t('period.from'), t('period.to')]}
        value={[dayjs(period.from), dayjs(period.to)]}
        disabledDate={(day: Dayjs) => day.isAfter(last, 'day')}
        presets={(props.presets ?? DASHBOARD_PRESETS).map((preset) => {
          const range = presetPeriod(preset, today)
          return { label: t(`period.presets.${preset}`), value: [dayjs(range.from), dayjs(range.to)] as [Dayjs, Dayjs] }
        })}
        onChange={(range) => {
          const [from, to] = range ?? []
          if (from && to) onChange({ from: from.format(DAY), to: to.format(DAY) })
        }}
        style={{ width: 260 }}
      />
    </Flex>
  )
}
