import { Flex, Tabs, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'

export const REPORTS_PATH = '/reports'
export const SELLER_BUNDLE_PATH = '/reports/commune-bundle'

/**
 * "Báo cáo" holds two things a manager does at month end: open and download the reports, and make
 * the figures file for the commune. Each has its own address, so the menu, a reload and the back
 * button all land where the manager was.
 */
export function ReportsHeader({ active }: { active: typeof REPORTS_PATH | typeof SELLER_BUNDLE_PATH }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  return (
    <Flex vertical gap={4}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('reports.title')}
      </Typography.Title>
      <Tabs
        aria-label={t('reports.tabs.label')}
        activeKey={active}
        onChange={(key) => void navigate(key)}
        items={[
          { key: REPORTS_PATH, label: t('reports.tabs.reports') },
          { key: SELLER_BUNDLE_PATH, label: t('reports.tabs.bundle') },
        ]}
        style={{ marginBottom: -8 }}
      />
    </Flex>
  )
}
