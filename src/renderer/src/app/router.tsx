import { Button, Result } from 'antd'
import { useTranslation } from 'react-i18next'
import { createHashRouter, Navigate, useNavigate } from 'react-router'
import { CommunePage } from '../features/commune/CommunePage'
import { DashboardPage } from '../features/dashboard/DashboardPage'
import { ProductFormPage } from '../features/catalog/ProductFormPage'
import { ProductListPage } from '../features/catalog/ProductListPage'
import { LotFormPage } from '../features/lots/LotFormPage'
import { LotListPage } from '../features/lots/LotListPage'
import { OcopAlertsPage } from '../features/ocop/OcopAlertsPage'
import { ChannelsPage } from '../features/publishing/ChannelsPage'
import { CustomerFormPage } from '../features/customers/CustomerFormPage'
import { CustomerListPage } from '../features/customers/CustomerListPage'
import { CounterSalePage } from '../features/orders/CounterSalePage'
import { OrderDetailPage } from '../features/orders/OrderDetailPage'
import { OrderEntryPage } from '../features/orders/OrderEntryPage'
import { OrderListPage } from '../features/orders/OrderListPage'
import { ReportsPage } from '../features/reports/ReportsPage'
import { SellerBundlePage } from '../features/reports/SellerBundlePage'
import { StockPage } from '../features/stock/StockPage'
import { StocktakePage } from '../features/stock/StocktakePage'
import { SellersPage } from '../features/sellers/SellersPage'
import { StatementsPage } from '../features/statements/StatementsPage'
import { SettingsPage } from '../features/settings/SettingsPage'
import { AppShell } from './AppShell'
import { SetupGate } from './SetupGate'

function NotFound() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  return (
    <Result
      status="404"
      title={t('app.notFound')}
      extra={
        <Button type="primary" onClick={() => void navigate('/products')}>
          {t('app.backHome')}
        </Button>
      }
    />
  )
}

/**
 * Hash routes: inside Electron the page comes from a custom protocol with no server to
 * answer deep paths, and in browser mode the server serves one index.html.
 * Created on demand, after the access token has been taken out of the fragment.
 */
export function createAppRouter() {
  return createHashRouter([
    {
      path: '/',
      element: (
        <SetupGate>
          <AppShell />
        </SetupGate>
      ),
      children: [
        // The home screen; "/" stays a redirect so the menu marks it by its own address.
        { index: true, element: <Navigate to="/dashboard" replace /> },
        { path: 'dashboard', element: <DashboardPage /> },
        { path: 'reports', element: <ReportsPage /> },
        { path: 'reports/commune-bundle', element: <SellerBundlePage /> },
        { path: 'products', element: <ProductListPage /> },
        { path: 'products/new', element: <ProductFormPage /> },
        { path: 'products/:productId', element: <ProductFormPage /> },
        { path: 'channels', element: <ChannelsPage /> },
        { path: 'orders', element: <OrderListPage /> },
        { path: 'orders/new', element: <OrderEntryPage /> },
        { path: 'orders/:orderId', element: <OrderDetailPage /> },
        { path: 'payments/statements', element: <StatementsPage /> },
        { path: 'counter', element: <CounterSalePage /> },
        { path: 'customers', element: <CustomerListPage /> },
        { path: 'customers/new', element: <CustomerFormPage /> },
        { path: 'customers/:customerId', element: <CustomerFormPage /> },
        { path: 'stock', element: <StockPage /> },
        { path: 'stock/stocktakes/:stocktakeId', element: <StocktakePage /> },
        { path: 'lots', element: <LotListPage /> },
        { path: 'lots/new', element: <LotFormPage /> },
        { path: 'lots/:lotId', element: <LotFormPage /> },
        { path: 'ocop/alerts', element: <OcopAlertsPage /> },
        { path: 'sellers', element: <SellersPage /> },
        { path: 'commune', element: <CommunePage /> },
        { path: 'settings', element: <SettingsPage /> },
        { path: '*', element: <NotFound /> },
      ],
    },
  ])
}
