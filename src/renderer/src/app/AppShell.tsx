import { Badge, Layout, Menu, Typography } from 'antd'
import {
  ApartmentOutlined,
  AppstoreOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FileTextOutlined,
  GlobalOutlined,
  IdcardOutlined,
  QrcodeOutlined,
  ReconciliationOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  TeamOutlined,
} from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { Link, Outlet, useLocation } from 'react-router'
import { LanguageSwitch } from '../components/LanguageSwitch'
import { CatalogFiltersProvider } from '../features/catalog/filters'
import { OcopAlertBell, useUrgentCertificateCount } from '../features/ocop/OcopAlertBell'

const SECTIONS = [
  { path: '/dashboard', key: 'nav.dashboard', icon: <DashboardOutlined /> },
  { path: '/reports', key: 'nav.reports', icon: <FileTextOutlined /> },
  { path: '/orders', key: 'nav.orders', icon: <ShoppingCartOutlined /> },
  { path: '/payments/statements', key: 'nav.statements', icon: <ReconciliationOutlined /> },
  { path: '/counter', key: 'nav.counter', icon: <ShopOutlined /> },
  { path: '/customers', key: 'nav.customers', icon: <TeamOutlined /> },
  { path: '/products', key: 'nav.products', icon: <AppstoreOutlined /> },
  { path: '/channels', key: 'nav.channels', icon: <GlobalOutlined /> },
  { path: '/stock', key: 'nav.stock', icon: <DatabaseOutlined /> },
  { path: '/lots', key: 'nav.lots', icon: <QrcodeOutlined /> },
  { path: '/ocop/alerts', key: 'nav.ocopAlerts', icon: <SafetyCertificateOutlined /> },
  { path: '/sellers', key: 'nav.sellers', icon: <IdcardOutlined /> },
  // The coordinator's work, not the seller's: last before the settings.
  { path: '/commune', key: 'nav.commune', icon: <ApartmentOutlined /> },
  { path: '/settings', key: 'nav.settings', icon: <SettingOutlined /> },
] as const

export function AppShell() {
  const { t } = useTranslation()
  const location = useLocation()
  const urgent = useUrgentCertificateCount()
  const selected = SECTIONS.find((s) => location.pathname === s.path || location.pathname.startsWith(`${s.path}/`))?.path

  return (
    <CatalogFiltersProvider>
      <Layout style={{ height: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16, paddingInline: 24 }}>
          <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
            {t('app.title')}
          </Typography.Text>
          <div style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
            <OcopAlertBell />
            <LanguageSwitch size="small" />
          </div>
        </Layout.Header>
        <Layout style={{ minHeight: 0 }}>
          <Layout.Sider width={196} breakpoint="lg" collapsedWidth={64} theme="light">
            <nav aria-label={t('nav.menu')}>
              <Menu
                mode="inline"
                selectedKeys={selected ? [selected] : []}
                style={{ height: '100%', borderInlineEnd: 0 }}
                items={SECTIONS.map((s) => ({
                  key: s.path,
                  icon: s.icon,
                  label: (
                    <Link to={s.path}>
                      {t(s.key)}
                      {s.path === '/ocop/alerts' && urgent > 0 && <Badge count={urgent} size="small" style={{ marginInlineStart: 6 }} />}
                    </Link>
                  ),
                }))}
              />
            </nav>
          </Layout.Sider>
          {/* Layout.Content is the page's <main>. */}
          <Layout.Content style={{ padding: 20, overflow: 'auto', display: 'flex', flexDirection: 'column', minHeight: 0 }}>
            <div style={{ flex: 1, minHeight: 0 }}>
              <Outlet />
            </div>
          </Layout.Content>
        </Layout>
      </Layout>
    </CatalogFiltersProvider>
  )
}
