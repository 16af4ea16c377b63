/** The bell in the header: how many certificates need attention now (expired or ≤ 30 days). */
import { Badge, Button, Tooltip } from 'antd'
import { BellOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { useExpiryAlerts } from './ocop.queries'

export function useUrgentCertificateCount(): number {
  const alerts = useExpiryAlerts()
  return alerts.data ? alerts.data.counts.expired + alerts.data.counts.within30 : 0
}

export function OcopAlertBell() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const alerts = useExpiryAlerts()
  const counts = alerts.data?.counts
  const urgent = counts ? counts.expired + counts.within30 : 0
  const all = counts ? urgent + counts.within90 + counts.within180 : 0
  const label = `${t('ocop.alerts.bell')}: ${all}`
  return (
    <Tooltip title={label}>
      <Badge count={urgent} size="small" offset={[-4, 4]}>
        <Button type="text" aria-label={label} icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />} onClick={() => void navigate('/ocop/alerts')} />
      </Badge>
    </Tooltip>
  )
}
