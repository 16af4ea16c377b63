/** The figures at the top: fixed windows ending today, then the chosen period's totals. */
import { Card, Col, Row, Statistic, Tooltip, Typography } from 'antd'
import { InfoCircleOutlined } from '@ant-design/icons'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { DashboardDto } from '@shared/contract/reports'
import { useFormat } from '../../components/format'
import { COLOURS } from './DashboardBits'

function FigureCard(props: { label: string; value: string; footer?: ReactNode; hint?: string; colour?: string; size: 'large' | 'small' }) {
  return (
    <Card size="small" role="group" aria-label={props.label} style={{ height: '100%' }}>
      <Statistic
        title={
          <span>
            {props.label}
            {props.hint && (
              <Tooltip title={props.hint}>
                <InfoCircleOutlined style={{ marginInlineStart: 6 }} aria-hidden />
              </Tooltip>
            )}
          </span>
        }
        value={props.value}
        formatter={() => props.value}
        styles={{ content: { fontSize: props.size === 'large' ? 26 : 20, color: props.colour, whiteSpace: 'nowrap' } }}
      />
      {props.footer && (
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {props.footer}
        </Typography.Text>
      )}
    </Card>
  )
}

export function WindowCards({ dashboard }: { dashboard: DashboardDto }) {
  const { t } = useTranslation()
  const format = useFormat()
  const windows = [
    { key: 'today', figures: dashboard.windows.today },
    { key: 'last7', figures: dashboard.windows.last7 },
    { key: 'last30', figures: dashboard.windows.last30 },
  ] as const
  return (
    <Row gutter={[16, 16]}>
      {windows.map(({ key, figures }) => (
        <Col key={key} xs={24} md={8}>
          <FigureCard
            size="large"
            label={t(`dashboard.windows.${key}`)}
            hint={t('dashboard.windows.hint')}
            value={format.vnd(figures.netVnd)}
            colour={COLOURS.net}
            footer={t('dashboard.windows.orders', { count: format.number(figures.orders) })}
          />
        </Col>
      ))}
    </Row>
  )
}

export function PeriodTotals({ dashboard }: { dashboard: DashboardDto }) {
  const { t } = useTranslation()
  const format = useFormat()
  const { total } = dashboard
  return (
    <Row gutter={[16, 16]}>
      <Col xs={12} lg={6}>
        <FigureCard size="small" label={t('dashboard.totals.net')} value={format.vnd(total.netVnd)} footer={t('dashboard.totals.gross', { amount: format.vnd(total.grossVnd) })} />
      </Col>
      <Col xs={12} lg={6}>
        <FigureCard size="small" label={t('dashboard.totals.returns')} value={format.vnd(total.returnsVnd)} colour={total.returnsVnd > 0 ? COLOURS.returns : undefined} />
      </Col>
      <Col xs={12} lg={6}>
        <FigureCard size="small" label={t('dashboard.totals.shipping')} value={format.vnd(total.shippingVnd)} />
      </Col>
      <Col xs={12} lg={6}>
        <FigureCard size="small" label={t('dashboard.totals.orders')} value={format.number(total.orders)} />
      </Col>
    </Row>
  )
}
