/**
 * What the dashboard's cards share: the card that turns a chart into a table of the same
 * numbers, the axis and tooltip wording, and the names of methods, channels and statuses.
 */
import { Card, Segmented } from 'antd'
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { CollectionMethod } from '@shared/contract/reports'
import { useLanguage } from '../../components/format'
import { shortAmount } from './money-axis'

export const CHART_HEIGHT = 260

/** Net sales in the app's green, returns in orange: the two series people compare most. */
export const COLOURS = {
  net: '#2e7d32',
  returns: '#fa8c16',
  orders: '#1677ff',
  status: '#597ef7',
  cashless: '#389e0d',
} as const

export const METHOD_COLOURS: Record<CollectionMethod, string> = {
  cash: '#8c8c8c',
  cod: '#d48806',
  vietqr: '#389e0d',
  vnpay: '#1677ff',
  marketplace: '#722ed1',
}

/** The payments screens name four methods; money a marketplace collected is only read here. */
export function useMethodLabel(): (method: CollectionMethod) => string {
  const { t } = useTranslation()
  return (method) => (method === 'marketplace' ? t('dashboard.charts.collections.marketplace') : t(`payments.methods.${method}`))
}

/** "1,2 tr" on an axis; the tooltip and the table give the amount in full. */
export function useMoneyTick(): (amount: number) => string {
  const { t } = useTranslation()
  const language = useLanguage()
  return (amount) => {
    const short = shortAmount(amount, language)
    return short.scale ? t(`dashboard.money.${short.scale}`, { value: short.value }) : short.value
  }
}

export function usePercent(): (share: number) => string {
  const language = useLanguage()
  return (share) => new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-US', { style: 'percent', maximumFractionDigits: 1 }).format(share)
}

/** `2026-05-07` → `07/05` under a bar; the full date is in the tooltip. */
export function dayTick(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}`
}

export const AXIS_TICK = { fontSize: 12 } as const

type View = 'chart' | 'table'

/**
 * A chart with its numbers one click away: the same figures as a table, so every amount can be
 * read exactly. The chart is an image to assistive technology, named by `chartLabel`; the table
 * is the accessible form of it.
 */
export function ChartCard(props: { title: string; chartLabel: string; chart: ReactNode; table: ReactNode; above?: ReactNode; height?: number }) {
  const { t } = useTranslation()
  const [view, setView] = useState<View>('chart')
  const height = props.height ?? CHART_HEIGHT
  return (
    <Card
      size="small"
      role="region"
      aria-label={props.title}
      title={props.title}
      style={{ height: '100%' }}
      extra={
        <Segmented<View>
          size="small"
          aria-label={t('dashboard.view.label', { chart: props.title })}
          value={view}
          onChange={setView}
          options={[
            { value: 'chart', label: t('dashboard.view.chart') },
            { value: 'table', label: t('dashboard.view.table') },
          ]}
        />
      }
    >
      {props.above}
      {view === 'chart' ? (
        <div role="img" aria-label={props.chartLabel} style={{ height, width: '100%' }}>
          {props.chart}
        </div>
      ) : (
        <div style={{ minHeight: height }}>{props.table}</div>
      )}
    </Card>
  )
}
