/**
 * "Tổng quan", the home screen: how much was sold today and lately, the chosen period in
 * charts whose numbers are one click away, and what needs attention. Every figure comes from
 * `reports.dashboard` (docs/reports.md); days are Vietnam's, whatever the computer's zone.
 */
import { Alert, Button, Card, Col, Empty, Flex, Row, Skeleton, Spin, Typography } from 'antd'
import { PlusOutlined, ShopOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { useNavigate, useSearchParams } from 'react-router'
import type { DashboardDto } from '@shared/contract/reports'
import { formatDateVi, todayInVietnam } from '@shared/domain/calendar'
import { periodFromSearch, withPeriod, type Period } from '../../components/period'
import { PeriodPicker } from '../../components/PeriodPicker'
import { describeError } from '../../i18n/error-text'
import { AttentionCards } from './AttentionCards'
import { isQuietPeriod } from './dashboard-figures'
import { useDashboard } from './dashboard.queries'
import { PeriodTotals, WindowCards } from './SalesCards'
import { CollectionsCard, OrdersByChannelCard, OrdersByStatusCard, SalesByDayCard, SalesByMonthCard } from './SalesCharts'
import { TopProductsCard } from './TopProductsCard'

function QuietPeriod() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  return (
    <Card size="small">
      <Empty
        description={
          <Flex vertical gap={4}>
            <Typography.Text strong>{t('dashboard.empty.title')}</Typography.Text>
            <Typography.Text type="secondary">{t('dashboard.empty.hint')}</Typography.Text>
          </Flex>
        }
      >
        <Flex gap={8} justify="center">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/orders/new')}>
            {t('dashboard.empty.createOrder')}
          </Button>
          <Button icon={<ShopOutlined />} onClick={() => void navigate('/counter')}>
            {t('dashboard.empty.counter')}
          </Button>
        </Flex>
      </Empty>
    </Card>
  )
}

function PeriodCharts({ dashboard }: { dashboard: DashboardDto }) {
  const anyMonth = dashboard.byMonth.some((m) => m.orders > 0 || m.netVnd !== 0 || m.returnsVnd !== 0)
  if (isQuietPeriod(dashboard)) {
    return (
      <Flex vertical gap={16}>
        <QuietPeriod />
        {/* The twelve months up to the period still tell a story when its own days were quiet. */}
        {anyMonth && <SalesByMonthCard dashboard={dashboard} />}
      </Flex>
    )
  }
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <SalesByDayCard dashboard={dashboard} />
      </Col>
      <Col xs={24} xl={8}>
        <CollectionsCard dashboard={dashboard} />
      </Col>
      <Col xs={24} xl={12}>
        <SalesByMonthCard dashboard={dashboard} />
      </Col>
      <Col xs={24} xl={12}>
        <OrdersByChannelCard dashboard={dashboard} />
      </Col>
      <Col xs={24} xl={12}>
        <OrdersByStatusCard dashboard={dashboard} />
      </Col>
      <Col xs={24} xl={12}>
        <TopProductsCard items={dashboard.topProducts} />
      </Col>
    </Row>
  )
}

function SkeletonCard({ rows }: { rows: number }) {
  return (
    <Card size="small">
      <Skeleton active title={false} paragraph={{ rows }} />
    </Card>
  )
}

function LoadingCards() {
  return (
    <Row gutter={[16, 16]}>
      {[0, 1, 2].map((i) => (
        <Col key={i} xs={24} md={8}>
          <SkeletonCard rows={2} />
        </Col>
      ))}
    </Row>
  )
}

function LoadingCharts() {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <SkeletonCard rows={8} />
      </Col>
      <Col xs={24} xl={8}>
        <SkeletonCard rows={8} />
      </Col>
    </Row>
  )
}

export function DashboardPage() {
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  // The shop's days are Vietnam's, whatever zone the computer is set to.
  const today = todayInVietnam(Date.now())
  const period = periodFromSearch(params, today)
  const dashboard = useDashboard(period)
  const data = dashboard.data
  const choose = (next: Period) => setParams((current) => withPeriod(current, next), { replace: true })
  const updating = dashboard.isFetching && dashboard.isPlaceholderData

  return (
    <Flex vertical gap={16} aria-busy={dashboard.isFetching}>
      <Flex align="baseline" gap={12} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('dashboard.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('period.days')}</Typography.Text>
      </Flex>
      {dashboard.error && (
        <Alert
          type="error"
          showIcon
          title={t('dashboard.loadFailed', { reason: describeError(dashboard.error) })}
          action={<Button onClick={() => void dashboard.refetch()}>{t('common.retry')}</Button>}
        />
      )}
      {data ? (
        <>
          <WindowCards dashboard={data} />
          <AttentionCards dashboard={data} />
        </>
      ) : (
        dashboard.isLoading && <LoadingCards />
      )}

      {/* Everything below follows the chosen period; the figures above always end today. */}
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginTop: 8 }}>
        <Typography.Title level={3} style={{ margin: 0, fontSize: 18 }}>
          {t('dashboard.totals.title', { from: formatDateVi(period.from), to: formatDateVi(period.to) })}
        </Typography.Title>
        <Flex align="center" gap={12} wrap>
          {updating && <Spin size="small" description={t('dashboard.updating')} />}
          <PeriodPicker id="dashboard-period" period={period} today={today} onChange={choose} />
        </Flex>
      </Flex>
      {data ? (
        <>
          <PeriodTotals dashboard={data} />
          <PeriodCharts dashboard={data} />
        </>
      ) : (
        dashboard.isLoading && <LoadingCharts />
      )}
    </Flex>
  )
}
