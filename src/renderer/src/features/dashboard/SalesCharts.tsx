/**
 * The period's charts (docs/reports.md defines each figure), each with the same numbers as a
 * table behind its "Bảng số" switch.
 */
import { Empty, Flex, Table, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { DashboardDto } from '@shared/contract/reports'
import { formatDateVi } from '@shared/domain/calendar'
import { useFormat } from '../../components/format'
import { useChannelLabel } from '../orders/OrderBits'
import { pieSlices } from './dashboard-figures'
import { moneyTicks } from './money-axis'
import { AXIS_TICK, CHART_HEIGHT, ChartCard, COLOURS, dayTick, METHOD_COLOURS, useMethodLabel, useMoneyTick, usePercent } from './DashboardBits'

/** The table fills the chart's place; its header row takes about 40 px of it. */
const TABLE_SCROLL = { y: CHART_HEIGHT - 40 }
const MONEY_AXIS_WIDTH = 76
const CATEGORY_AXIS_WIDTH = 110

type Dashboard = DashboardDto

function Amount({ value }: { value: number }) {
  const format = useFormat()
  return <span style={{ whiteSpace: 'nowrap' }}>{format.vnd(value)}</span>
}

export function SalesByDayCard({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation()
  const format = useFormat()
  const moneyTick = useMoneyTick()
  const rows = [...dashboard.byDay].reverse()
  const { total } = dashboard
  const ticks = moneyTicks(dashboard.byDay.flatMap((d) => [d.netVnd, d.returnsVnd]))
  return (
    <ChartCard
      title={t('dashboard.charts.byDay.title')}
      chartLabel={t('dashboard.charts.byDay.label')}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={dashboard.byDay} accessibilityLayer={false} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" />
            <XAxis dataKey="day" tickFormatter={dayTick} tick={AXIS_TICK} minTickGap={12} />
            <YAxis tickFormatter={moneyTick} tick={AXIS_TICK} width={MONEY_AXIS_WIDTH} ticks={ticks} domain={[ticks[0]!, ticks.at(-1)!]} />
            <Tooltip formatter={(value) => format.vnd(Number(value))} labelFormatter={(day) => formatDateVi(String(day))} />
            <Legend />
            <Bar dataKey="netVnd" name={t('dashboard.columns.net')} fill={COLOURS.net} maxBarSize={28} />
            <Bar dataKey="returnsVnd" name={t('dashboard.columns.returns')} fill={COLOURS.returns} maxBarSize={28} />
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <Table
          size="small"
          rowKey="day"
          dataSource={rows}
          pagination={false}
          scroll={TABLE_SCROLL}
          columns={[
            { key: 'day', title: t('dashboard.columns.day'), render: (_, r) => formatDateVi(r.day) },
            { key: 'orders', title: t('dashboard.columns.orders'), align: 'right', render: (_, r) => format.number(r.orders) },
            { key: 'gross', title: t('dashboard.columns.gross'), align: 'right', render: (_, r) => <Amount value={r.grossVnd} /> },
            { key: 'returns', title: t('dashboard.columns.returns'), align: 'right', render: (_, r) => <Amount value={r.returnsVnd} /> },
            { key: 'net', title: t('dashboard.columns.net'), align: 'right', render: (_, r) => <Amount value={r.netVnd} /> },
            { key: 'shipping', title: t('dashboard.columns.shipping'), align: 'right', render: (_, r) => <Amount value={r.shippingVnd} /> },
          ]}
          summary={() => (
            <Table.Summary fixed>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t('dashboard.columns.total')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {format.number(total.orders)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <Amount value={total.grossVnd} />
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  <Amount value={total.returnsVnd} />
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  <Typography.Text strong>
                    <Amount value={total.netVnd} />
                  </Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  <Amount value={total.shippingVnd} />
                </Table.Summary.Cell>
              </Table.Summary.Row>
            </Table.Summary>
          )}
        />
      }
    />
  )
}

export function SalesByMonthCard({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation()
  const format = useFormat()
  const moneyTick = useMoneyTick()
  const ticks = moneyTicks(dashboard.byMonth.map((m) => m.netVnd))
  const monthText = (month: string, key: 'tick' | 'month') => t(`dashboard.charts.byMonth.${key}`, { month: Number(month.slice(5, 7)), year: month.slice(0, 4) })
  return (
    <ChartCard
      title={t('dashboard.charts.byMonth.title')}
      chartLabel={t('dashboard.charts.byMonth.label')}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={dashboard.byMonth} accessibilityLayer={false} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" />
            <XAxis dataKey="month" tickFormatter={(m: string) => monthText(m, 'tick')} tick={AXIS_TICK} minTickGap={4} />
            <YAxis tickFormatter={moneyTick} tick={AXIS_TICK} width={MONEY_AXIS_WIDTH} ticks={ticks} domain={[ticks[0]!, ticks.at(-1)!]} />
            <Tooltip formatter={(value) => format.vnd(Number(value))} labelFormatter={(m) => monthText(String(m), 'month')} />
            <Bar dataKey="netVnd" name={t('dashboard.columns.net')} fill={COLOURS.net} maxBarSize={36} />
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <Table
          size="small"
          rowKey="month"
          dataSource={[...dashboard.byMonth].reverse()}
          pagination={false}
          scroll={TABLE_SCROLL}
          columns={[
            { key: 'month', title: t('dashboard.columns.month'), render: (_, r) => monthText(r.month, 'month') },
            { key: 'orders', title: t('dashboard.columns.orders'), align: 'right', render: (_, r) => format.number(r.orders) },
            { key: 'returns', title: t('dashboard.columns.returns'), align: 'right', render: (_, r) => <Amount value={r.returnsVnd} /> },
            { key: 'net', title: t('dashboard.columns.net'), align: 'right', render: (_, r) => <Amount value={r.netVnd} /> },
          ]}
        />
      }
    />
  )
}

export function OrdersByChannelCard({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation()
  const format = useFormat()
  const channelLabel = useChannelLabel()
  const rows = dashboard.byChannel.map((c) => ({ ...c, label: channelLabel(c.channel) }))
  const none = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.charts.byChannel.none')} />
  return (
    <ChartCard
      title={t('dashboard.charts.byChannel.title')}
      chartLabel={t('dashboard.charts.byChannel.label')}
      chart={
        rows.length === 0 ? (
          none
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} layout="vertical" accessibilityLayer={false} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
              <CartesianGrid horizontal={false} strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
              <YAxis type="category" dataKey="label" tick={AXIS_TICK} width={CATEGORY_AXIS_WIDTH} />
              <Tooltip
                formatter={(value, _name, item) => [`${format.number(Number(value))} · ${format.vnd((item.payload as (typeof rows)[number]).netVnd)}`, t('dashboard.columns.orders')]}
              />
              <Bar dataKey="orders" name={t('dashboard.columns.orders')} fill={COLOURS.orders} maxBarSize={24} />
            </BarChart>
          </ResponsiveContainer>
        )
      }
      table={
        <Table
          size="small"
          rowKey="channel"
          dataSource={rows}
          pagination={false}
          scroll={TABLE_SCROLL}
          locale={{ emptyText: t('dashboard.charts.byChannel.none') }}
          columns={[
            { key: 'channel', title: t('dashboard.columns.channel'), render: (_, r) => r.label },
            { key: 'orders', title: t('dashboard.columns.orders'), align: 'right', render: (_, r) => format.number(r.orders) },
            { key: 'net', title: t('dashboard.columns.net'), align: 'right', render: (_, r) => <Amount value={r.netVnd} /> },
          ]}
        />
      }
    />
  )
}

export function OrdersByStatusCard({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation()
  const format = useFormat()
  const rows = dashboard.byStatus.map((s) => ({ ...s, label: t(`orders.status.${s.status}`) }))
  return (
    <ChartCard
      title={t('dashboard.charts.byStatus.title')}
      chartLabel={t('dashboard.charts.byStatus.label')}
      above={
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginBottom: 4 }}>
          {t('dashboard.charts.byStatus.hint')}
        </Typography.Text>
      }
      height={CHART_HEIGHT - 22}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} layout="vertical" accessibilityLayer={false} margin={{ top: 0, right: 16, left: 0, bottom: 0 }}>
            <CartesianGrid horizontal={false} strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
            <YAxis type="category" dataKey="label" tick={AXIS_TICK} width={CATEGORY_AXIS_WIDTH} interval={0} />
            <Tooltip formatter={(value) => format.number(Number(value))} />
            <Bar dataKey="orders" name={t('dashboard.columns.orders')} fill={COLOURS.status} maxBarSize={18} />
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <Table
          size="small"
          rowKey="status"
          dataSource={rows}
          pagination={false}
          scroll={TABLE_SCROLL}
          columns={[
            { key: 'status', title: t('dashboard.columns.status'), render: (_, r) => r.label },
            { key: 'orders', title: t('dashboard.columns.orders'), align: 'right', render: (_, r) => format.number(r.orders) },
          ]}
        />
      }
    />
  )
}

export function CollectionsCard({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation()
  const methodLabel = useMethodLabel()
  const percent = usePercent()
  const format = useFormat()
  const collected = dashboard.collections.reduce((sum, c) => sum + c.amountVnd, 0)
  const rows = dashboard.collections.map((c) => ({ ...c, label: methodLabel(c.method) }))
  const slices = pieSlices(rows)
  const share = dashboard.cashlessShare
  return (
    <ChartCard
      title={t('dashboard.charts.collections.title')}
      chartLabel={t('dashboard.charts.collections.label')}
      height={CHART_HEIGHT - 64}
      above={
        <Flex align="baseline" gap={10} style={{ minHeight: 56, marginBottom: 8 }} role="group" aria-label={t('dashboard.charts.collections.cashless')}>
          <Typography.Text strong style={{ fontSize: 34, lineHeight: 1.2, whiteSpace: 'nowrap', color: share === null ? undefined : COLOURS.cashless }}>
            {share === null ? t('common.empty') : percent(share)}
          </Typography.Text>
          <Flex vertical>
            <Typography.Text strong>{t('dashboard.charts.collections.cashless')}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {share === null ? t('dashboard.charts.collections.none') : t('dashboard.charts.collections.hint')}
            </Typography.Text>
          </Flex>
        </Flex>
      }
      chart={
        slices.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.charts.collections.none')} />
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <PieChart accessibilityLayer={false}>
              <Pie data={slices} dataKey="amountVnd" nameKey="label" innerRadius="52%" outerRadius="85%" paddingAngle={1}>
                {slices.map((s) => (
                  <Cell key={s.method} fill={METHOD_COLOURS[s.method]} />
                ))}
              </Pie>
              <Tooltip formatter={(value) => format.vnd(Number(value))} />
              <Legend layout="vertical" align="right" verticalAlign="middle" iconType="circle" />
            </PieChart>
          </ResponsiveContainer>
        )
      }
      table={
        <Table
          size="small"
          rowKey="method"
          dataSource={rows}
          pagination={false}
          columns={[
            { key: 'method', title: t('dashboard.columns.method'), render: (_, r) => r.label },
            { key: 'amount', title: t('dashboard.columns.amount'), align: 'right', render: (_, r) => <Amount value={r.amountVnd} /> },
            {
              key: 'share',
              title: t('dashboard.columns.share'),
              align: 'right',
              render: (_, r) => (collected > 0 && r.amountVnd > 0 ? percent(r.amountVnd / collected) : t('common.empty')),
            },
          ]}
          summary={() => (
            <Table.Summary>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t('dashboard.columns.total')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  <Typography.Text strong>
                    <Amount value={collected} />
                  </Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} />
              </Table.Summary.Row>
            </Table.Summary>
          )}
        />
      }
    />
  )
}
