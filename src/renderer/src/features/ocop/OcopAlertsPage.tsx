/**
 * Certificates expired or expiring within 180/90/30 days, for every live product. Opened from
 * the bell in the header and the menu; the counts are the same the bell shows.
 */
import { Alert, Button, Card, Col, Flex, Result, Row, Skeleton, Statistic, Table, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { CertificateDto } from '@shared/contract/ocop'
import { formatDateVi } from '@shared/domain/calendar'
import { describeError } from '../../i18n/error-text'
import { OcopStars, OcopStateTag } from './OcopBits'
import { useExpiryAlerts } from './ocop.queries'

export function OcopAlertsPage() {
  const { t } = useTranslation()
  const alerts = useExpiryAlerts()

  if (alerts.isLoading) return <Skeleton active />
  if (!alerts.data) {
    return <Result status="warning" title={describeError(alerts.error)} extra={<Button onClick={() => void alerts.refetch()}>{t('common.retry')}</Button>} />
  }
  const { counts, items, asOf } = alerts.data
  const tiles = [
    { key: 'expired', value: counts.expired, color: '#cf1322' },
    { key: 'within30', value: counts.within30, color: '#d46b08' },
    { key: 'within90', value: counts.within90, color: '#d48806' },
    { key: 'within180', value: counts.within180, color: '#389e0d' },
  ] as const

  return (
    <Flex vertical gap={16} style={{ maxWidth: 1100 }}>
      <Flex justify="space-between" align="baseline" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('ocop.alerts.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('ocop.alerts.asOf', { date: formatDateVi(asOf) })}</Typography.Text>
      </Flex>
      <Alert type="info" showIcon title={t('ocop.alerts.intro')} />
      <Row gutter={[16, 16]}>
        {tiles.map((tile) => (
          <Col key={tile.key} xs={12} md={6}>
            <Card size="small">
              <Statistic title={t(`ocop.alerts.${tile.key}`)} value={tile.value} valueStyle={{ color: tile.value > 0 ? tile.color : undefined }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Table<CertificateDto>
        rowKey="id"
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('ocop.alerts.none') }}
        columns={[
          {
            title: t('ocop.alerts.product'),
            key: 'product',
            render: (_, c) => <Link to={`/products/${c.productId}`}>{c.productName}</Link>,
          },
          {
            title: t('ocop.alerts.certificate'),
            key: 'certificate',
            render: (_, c) => (
              <Flex vertical>
                <OcopStars stars={c.stars} />
                <Typography.Text type="secondary">{t('ocop.panel.number', { number: c.certificateNumber })}</Typography.Text>
              </Flex>
            ),
          },
          { title: t('ocop.alerts.expiry'), key: 'expiry', render: (_, c) => formatDateVi(c.expiryDate) },
          { title: t('ocop.alerts.remaining'), key: 'state', render: (_, c) => <OcopStateTag state={c.state} daysLeft={c.daysLeft} /> },
        ]}
      />
    </Flex>
  )
}
