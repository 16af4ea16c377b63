import { Button, Flex, Result, Spin } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { isApiError } from '../api/errors'
import { describeError } from '../i18n/error-text'
import { SetupPage } from '../features/sellers/SetupPage'
import { useSellers } from '../features/sellers/sellers.queries'

/**
 * Nothing can be sold before the cooperative exists: with no seller yet, the setup screen
 * is the whole app. A missing or wrong access token is explained here, once, for every page.
 */
export function SetupGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  const sellers = useSellers()

  if (sellers.isLoading) {
    return (
      <Flex align="center" justify="center" style={{ height: '100vh' }}>
        <Spin size="large" description={t('app.loading')} />
      </Flex>
    )
  }
  if (sellers.error) {
    const noAccess = isApiError(sellers.error, 'UNAUTHORIZED')
    return (
      <Result
        status={noAccess ? '403' : 'error'}
        title={noAccess ? t('app.noAccessTitle') : t('app.startFailed')}
        subTitle={noAccess ? t('app.noAccess') : describeError(sellers.error)}
        extra={
          noAccess ? null : (
            <Button type="primary" onClick={() => void sellers.refetch()}>
              {t('common.retry')}
            </Button>
          )
        }
      />
    )
  }
  if (!sellers.data || sellers.data.length === 0) return <SetupPage />
  return <>{children}</>
}
