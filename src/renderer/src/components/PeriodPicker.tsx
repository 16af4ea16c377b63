import { DatePicker, Flex } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { PERIOD_PRESETS, presetPeriod, type Period } from './dashboard-period'

/** dayjs reads `YYYY-MM-DD` as that day at local midnight, and formats it back the same way. */
const DAY = 'YYYY-MM-DD'

/** The period's days as the seller reads them (dd/mm/yyyy); nothing after today can be picked. */
export function PeriodPicker({ period, today, onChange }: { period: Period; today: string; onChange: (period: Period) => void }) {
  const { t } = useTranslation()
  const last = dayjs(today)
  return (
    <Flex align="center" gap={8} wrap>
      <label htmlFor="dashboard-period">{t('dashboard.period.label')}</label>
      <DatePicker.RangePicker
        id={{ start: 'dashboard-period' }}
        format="DD/MM/YYYY"
        allowClear={false}
        placeholder={[t('dashboard.period.from'), t('dashboard.period.to')]}
        value={[dayjs(period.from), dayjs(period.to)]}
        disabledDate={(day: Dayjs) => day.isAfter(last, 'day')}
        presets={PERIOD_PRESETS.map((preset) => {
          const range = presetPeriod(preset, today)
          return { label: t(`dashboard.period.presets.${preset}`), value: [dayjs(range.from), dayjs(range.to)] as [Dayjs, Dayjs] }
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
