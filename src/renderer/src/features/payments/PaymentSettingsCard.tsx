/**
 * "Thanh toán" in Settings: the VNPay terminal (code, hash secret, addresses) and the bank
 * account VietQR transfers go to. The secret is write-only: it is sealed by the backend and
 * never comes back, so an empty field means "keep the one stored".
 */
import { Alert, App, Button, Card, Descriptions, Divider, Flex, Form, Input, Skeleton, Tag, Typography } from 'antd'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { SANDBOX_API_URL, SANDBOX_PAYMENT_URL, type PaymentSettingsDto } from '@shared/contract/payments'
import { tryBuildVietQrPayload } from '@shared/domain/vietqr'
import { useRevalidateOnLanguageChange } from '../../components/form-errors'
import { useFormat } from '../../components/format'
import { QrCode } from '../../components/QrCode'
import { describeError } from '../../i18n/error-text'
import { paymentErrorText, paymentFieldErrors } from './PaymentBits'
import { usePaymentSettings, useUpdateVnpayConfig } from './payments.queries'

interface VnpayValues {
  tmnCode: string
  hashSecret: string
  paymentUrl: string
  apiUrl: string
}

const FIELDS = ['tmnCode', 'hashSecret', 'paymentUrl', 'apiUrl'] as const
const TMN_CODE = /^[A-Za-z0-9]{8}$/

function toValues(settings: PaymentSettingsDto): VnpayValues {
  return {
    tmnCode: settings.vnpay?.tmnCode ?? '',
    hashSecret: '',
    paymentUrl: settings.vnpay?.paymentUrl ?? SANDBOX_PAYMENT_URL,
    apiUrl: settings.vnpay?.apiUrl ?? SANDBOX_API_URL,
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text.trim())
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

/** The same test as the backend's: VNPay's sandbox is known by its host. */
function isSandboxUrl(text: string | undefined, sandbox: string): boolean {
  try {
    return new URL((text ?? '').trim()).host === new URL(sandbox).host
  } catch {
    return false
  }
}

function VietQrAccount({ vietqr }: { vietqr: PaymentSettingsDto['vietqr'] }) {
  const { t } = useTranslation()
  if (!vietqr) {
    return <Alert type="info" showIcon title={t('payments.settings.vietqrNone')} action={<Link to="/sellers">{t('payments.settings.vietqrChange')}</Link>} />
  }
  const built = tryBuildVietQrPayload({ bin: vietqr.bankBin, accountNumber: vietqr.accountNumber })
  return (
    <Flex gap={24} wrap align="start">
      <Flex vertical gap={8} style={{ flex: 1, minWidth: 260 }}>
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'bank', label: t('payments.vietqr.bank'), children: vietqr.bankName },
            { key: 'account', label: t('payments.vietqr.accountNumber'), children: <Typography.Text copyable>{vietqr.accountNumber}</Typography.Text> },
            ...(vietqr.accountName ? [{ key: 'name', label: t('payments.vietqr.accountName'), children: vietqr.accountName }] : []),
          ]}
        />
        <Link to="/sellers">{t('payments.settings.vietqrChange')}</Link>
      </Flex>
      {built.ok && (
        <Flex vertical align="center" gap={4}>
          <QrCode text={built.payload} size={132} label={t('payments.settings.vietqrStatic')} />
          <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 160, textAlign: 'center' }}>
            {t('payments.settings.vietqrStatic')}
          </Typography.Text>
        </Flex>
      )}
    </Flex>
  )
}

export function PaymentSettingsCard() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const settings = usePaymentSettings()
  const update = useUpdateVnpayConfig()
  const [form] = Form.useForm<VnpayValues>()
  useRevalidateOnLanguageChange(form)
  const paymentUrl = Form.useWatch('paymentUrl', form) as string | undefined
  const apiUrl = Form.useWatch('apiUrl', form) as string | undefined
  const data = settings.data
  const configured = data?.vnpay ?? null

  // Fill once the settings arrive, and again after a save; a background refetch must not wipe typing.
  const filled = useRef(false)
  useEffect(() => {
    if (!data || (filled.current && form.isFieldsTouched())) return
    filled.current = true
    form.setFieldsValue(toValues(data))
  }, [form, data])

  const submit = (values: VnpayValues) =>
    update.mutate(
      { tmnCode: values.tmnCode.trim(), paymentUrl: values.paymentUrl.trim(), apiUrl: values.apiUrl.trim(), ...(values.hashSecret.trim() !== '' && { hashSecret: values.hashSecret.trim() }) },
      {
        onSuccess: (saved) => {
          form.resetFields()
          form.setFieldsValue(toValues(saved))
          void message.success(t('payments.settings.saved'))
        },
        onError: (error) => {
          const fields = Object.entries(paymentFieldErrors(error, FIELDS))
          if (fields.length > 0) form.setFields(fields.map(([name, text]) => ({ name: name as keyof VnpayValues, errors: [text] })))
          else void message.error(paymentErrorText(error))
        },
      },
    )

  const sandboxTag = (url: string | undefined, sandbox: string) => (isSandboxUrl(url, sandbox) ? <Tag color="orange">{t('payments.settings.sandbox')}</Tag> : null)

  return (
    <Card title={t('payments.settings.title')}>
      {settings.isLoading ? (
        <Skeleton active />
      ) : !data ? (
        <Alert type="error" showIcon title={describeError(settings.error)} action={<Button onClick={() => void settings.refetch()}>{t('common.retry')}</Button>} />
      ) : (
        <Flex vertical gap={16}>
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('payments.settings.vnpayTitle')}
            </Typography.Title>
            <Flex gap={8} align="center" wrap data-testid="vnpay-config-status">
              {configured ? (
                <>
                  <Tag color="green">{t('payments.settings.configured')}</Tag>
                  <Typography.Text type="secondary">{t('payments.settings.configuredAs', { tmnCode: configured.tmnCode, at: format.dateTime(configured.updatedAt) })}</Typography.Text>
                  {configured.isSandbox && <Tag color="orange">{t('payments.settings.sandbox')}</Tag>}
                </>
              ) : (
                <Tag>{t('payments.settings.notConfigured')}</Tag>
              )}
            </Flex>
          </Flex>
          <Typography.Text type="secondary">{t('payments.settings.intro')}</Typography.Text>
          {data.secretProtection === 'key_file' && <Alert type="warning" showIcon title={t('payments.settings.keyFileTitle')} description={t('payments.settings.keyFile')} />}
          {configured && configured.secretProtection !== data.secretProtection && <Alert type="error" showIcon title={t('payments.settings.otherMode')} />}
          <Form<VnpayValues> form={form} name="vnpay-settings" layout="vertical" onFinish={submit} style={{ maxWidth: 640 }}>
            <Form.Item
              name="tmnCode"
              label={t('payments.settings.tmnCode')}
              rules={[{ validator: (_rule, value: string | undefined) => (TMN_CODE.test((value ?? '').trim()) ? Promise.resolve() : Promise.reject(new Error(t('payments.errors.tmn_code_format')))) }]}
            >
              <Input placeholder={t('payments.settings.tmnCodePlaceholder')} autoComplete="off" spellCheck={false} maxLength={8} style={{ fontFamily: 'monospace', maxWidth: 220 }} />
            </Form.Item>
            <Form.Item
              name="hashSecret"
              label={t('payments.settings.hashSecret')}
              extra={t('payments.settings.hashSecretHint')}
              rules={[
                {
                  validator: (_rule, value: string | undefined) => {
                    const text = (value ?? '').trim()
                    if (text === '') return configured ? Promise.resolve() : Promise.reject(new Error(t('errors.issue.required')))
                    return text.length >= 16 && text.length <= 256 ? Promise.resolve() : Promise.reject(new Error(t('payments.errors.hash_secret_length')))
                  },
                },
              ]}
            >
              <Input.Password
                placeholder={configured ? t('payments.settings.hashSecretKeep') : t('payments.settings.hashSecretNew')}
                autoComplete="new-password"
                spellCheck={false}
                visibilityToggle={false}
              />
            </Form.Item>
            <Form.Item
              name="paymentUrl"
              label={
                <Flex gap={8} align="center">
                  {t('payments.settings.paymentUrl')}
                  {sandboxTag(paymentUrl, SANDBOX_PAYMENT_URL)}
                </Flex>
              }
              rules={[{ validator: (_rule, value: string | undefined) => (isHttpUrl(value ?? '') ? Promise.resolve() : Promise.reject(new Error(t('payments.errors.url_format')))) }]}
            >
              <Input autoComplete="off" spellCheck={false} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            <Form.Item
              name="apiUrl"
              label={
                <Flex gap={8} align="center">
                  {t('payments.settings.apiUrl')}
                  {sandboxTag(apiUrl, SANDBOX_API_URL)}
                </Flex>
              }
              rules={[{ validator: (_rule, value: string | undefined) => (isHttpUrl(value ?? '') ? Promise.resolve() : Promise.reject(new Error(t('payments.errors.url_format')))) }]}
            >
              <Input autoComplete="off" spellCheck={false} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            <Flex gap={8} wrap>
              <Button type="primary" htmlType="submit" loading={update.isPending && { delay: 200 }}>
                {t('payments.settings.save')}
              </Button>
              <Button
                onClick={() => {
                  form.setFieldsValue({ paymentUrl: SANDBOX_PAYMENT_URL, apiUrl: SANDBOX_API_URL })
                  void form.validateFields(['paymentUrl', 'apiUrl']).catch(() => undefined)
                }}
              >
                {t('payments.settings.useSandbox')}
              </Button>
            </Flex>
          </Form>
          <Divider style={{ margin: '4px 0' }} />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('payments.settings.vietqrTitle')}
          </Typography.Title>
          <VietQrAccount vietqr={data.vietqr} />
        </Flex>
      )}
    </Card>
  )
}
