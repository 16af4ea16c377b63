import { Alert, App, Button, Card, Descriptions, Flex, Typography } from 'antd'
import { SaveOutlined } from '@ant-design/icons'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { call } from '../../api/client'
import { LanguageSwitch } from '../../components/LanguageSwitch'
import { useFormat } from '../../components/format'
import { describeError } from '../../i18n/error-text'
import { PaymentSettingsCard } from '../payments/PaymentSettingsCard'
import { TraceSettingsCard } from './TraceSettingsCard'

export function SettingsPage() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const info = useQuery({ queryKey: ['system', 'info'], queryFn: () => call('system.getInfo') })
  const backup = useMutation({
    mutationFn: () => call('system.createBackup'),
    onSuccess: (made) => void message.success(t('settings.backupDone', { file: made.file, size: format.bytes(made.bytes) })),
    onError: (error) => void message.error(describeError(error)),
  })

  const gc = useMutation({
    mutationFn: () => call('system.collectMediaGarbage'),
    onSuccess: (r) => void message.success(t('settings.mediaGcDone', { count: r.removed })),
    onError: (error) => void message.error(describeError(error)),
  })

  const empty = t('common.empty')
  return (
    <Flex vertical gap={16} style={{ maxWidth: 960 }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('settings.title')}
      </Typography.Title>

      <Card title={t('settings.language')}>
        <LanguageSwitch />
      </Card>

      <PaymentSettingsCard />

      <TraceSettingsCard />

      <Card title={t('settings.backup')}>
        <Flex vertical gap={12} align="start">
          <Typography.Text type="secondary">{t('settings.backupIntro')}</Typography.Text>
          <Button type="primary" icon={<SaveOutlined />} loading={backup.isPending} onClick={() => backup.mutate()}>
            {t('settings.backupNow')}
          </Button>
          <Typography.Text type="secondary">{t('settings.mediaGcIntro')}</Typography.Text>
          <Button loading={gc.isPending} onClick={() => gc.mutate()}>
            {t('settings.mediaGc')}
          </Button>
          {backup.data && (
            <Alert
              type="success"
              showIcon
              title={t('settings.lastBackup')}
              description={
                <Typography.Text copyable code>
                  {backup.data.file}
                </Typography.Text>
              }
            />
          )}
        </Flex>
      </Card>

      <Card title={t('settings.system')} loading={info.isLoading}>
        {info.error ? (
          <Alert type="error" showIcon title={describeError(info.error)} />
        ) : (
          <Descriptions
            column={1}
            bordered
            size="small"
            items={[
              { key: 'dataDir', label: t('settings.dataDir'), children: <Typography.Text copyable>{info.data?.dataDir ?? empty}</Typography.Text> },
              { key: 'databaseFile', label: t('settings.databaseFile'), children: <Typography.Text copyable>{info.data?.databaseFile ?? empty}</Typography.Text> },
              { key: 'backupsDir', label: t('settings.backupsDir'), children: <Typography.Text copyable>{info.data?.backupsDir ?? empty}</Typography.Text> },
              { key: 'appVersion', label: t('settings.appVersion'), children: info.data?.appVersion ?? empty },
              { key: 'schemaVersion', label: t('settings.schemaVersion'), children: info.data?.schemaVersion ?? empty },
              { key: 'sqliteVersion', label: t('settings.sqliteVersion'), children: info.data?.sqliteVersion ?? empty },
              { key: 'transport', label: t('settings.transport'), children: info.data ? t(`settings.transports.${info.data.transport}`) : empty },
            ]}
          />
        )}
      </Card>
    </Flex>
  )
}
