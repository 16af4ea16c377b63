/**
 * "Thêm kênh bán": a marketplace needs the app's key and secret from its developer console (and,
 * for a sandbox, its hosts); the portal needs its endpoint and API key; a file export only a
 * name. The secret is sealed by the backend and never comes back.
 */
import { Alert, App, Flex, Form, Input, Modal, Select, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { CHANNEL_KINDS, type ChannelAccountDto, type ChannelKind } from '@shared/contract/publishing'
import { issuesOf } from '../../api/errors'
import { useRevalidateOnLanguageChange } from '../../components/form-errors'
import { issueText } from '../../i18n/error-text'
import { isMarketplace, publishingErrorText } from './PublishingBits'
import { useCreateChannelAccount, useRedirectUrl } from './publishing.queries'

interface ChannelValues {
  kind: ChannelKind
  displayName: string
  appKey?: string
  secret?: string
  apiBase?: string
  authBase?: string
}

const FIELDS = ['displayName', 'appKey', 'secret', 'apiBase', 'authBase'] as const

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

function trimmed(value: string | undefined): string | undefined {
  const text = value?.trim() ?? ''
  return text === '' ? undefined : text
}

export function AddChannelDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (account: ChannelAccountDto) => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<ChannelValues>()
  useRevalidateOnLanguageChange(form)
  const create = useCreateChannelAccount()
  const kind = (Form.useWatch('kind', form) as ChannelKind | undefined) ?? 'shopee'
  const marketplace = isMarketplace(kind)
  // Lazada and TikTok Shop return only to the address registered in their developer consoles.
  const needsRegisteredRedirect = kind === 'lazada' || kind === 'tiktok'
  const redirect = useRedirectUrl(needsRegisteredRedirect)

  const urlRule = (required: boolean) => ({
    validator: (_rule: unknown, value: string | undefined) => {
      const text = value?.trim() ?? ''
      if (text === '') return required ? Promise.reject(new Error(t('errors.issue.required'))) : Promise.resolve()
      return isHttpUrl(text) ? Promise.resolve() : Promise.reject(new Error(t('publishing.addDialog.urlFormat')))
    },
  })
  const secretRule = {
    validator: (_rule: unknown, value: string | undefined) => {
      const text = value?.trim() ?? ''
      if (text === '') return Promise.reject(new Error(t('errors.issue.required')))
      return text.length >= 8 ? Promise.resolve() : Promise.reject(new Error(t('publishing.addDialog.secretLength')))
    },
  }

  const changeKind = (next: ChannelKind) => {
    // The name follows the kind until someone types their own.
    if (!form.isFieldTouched('displayName')) form.setFieldValue('displayName', t(`publishing.kinds.${next}`))
  }

  const submit = (values: ChannelValues) => {
    const withKeys = isMarketplace(values.kind) || values.kind === 'ntm_portal'
    create.mutate(
      {
        kind: values.kind,
        displayName: values.displayName.trim(),
        ...(isMarketplace(values.kind) && { appKey: trimmed(values.appKey), authBase: trimmed(values.authBase) }),
        ...(withKeys && { secret: trimmed(values.secret), apiBase: trimmed(values.apiBase) }),
      },
      {
        onSuccess: (account) => {
          void message.success(t('publishing.addDialog.created', { name: account.displayName }))
          onCreated(account)
        },
        onError: (error) => {
          const fields = issuesOf(error).flatMap((issue) => {
            const [field] = issue.path
            return typeof field === 'string' && (FIELDS as readonly string[]).includes(field) ? [{ name: field as keyof ChannelValues, errors: [issueText(issue)] }] : []
          })
          if (fields.length > 0) form.setFields(fields)
          else void message.error(publishingErrorText(error))
        },
      },
    )
  }

  return (
    <Modal
      open
      title={t('publishing.addDialog.title')}
      okText={t('publishing.addDialog.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={600}
    >
      <Form<ChannelValues> form={form} name="add-channel" layout="vertical" onFinish={submit} initialValues={{ kind: 'shopee', displayName: t('publishing.kinds.shopee') }}>
        <Form.Item name="kind" label={t('publishing.addDialog.kind')}>
          <Select<ChannelKind> options={CHANNEL_KINDS.map((k) => ({ value: k, label: t(`publishing.kinds.${k}`) }))} onChange={changeKind} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('publishing.addDialog.displayName')}
          extra={t('publishing.addDialog.displayNameHint')}
          rules={[{ required: true, whitespace: true, message: t('errors.issue.required') }]}
        >
          <Input maxLength={80} autoComplete="off" />
        </Form.Item>
        {marketplace && (
          <>
            <Form.Item
              name="appKey"
              label={t('publishing.addDialog.appKey')}
              extra={t('publishing.addDialog.appKeyHint')}
              rules={[{ required: true, whitespace: true, message: t('errors.issue.required') }]}
            >
              <Input maxLength={100} autoComplete="off" spellCheck={false} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            <Form.Item name="secret" label={t('publishing.addDialog.secret')} extra={t('publishing.addDialog.secretHint')} rules={[secretRule]}>
              <Input.Password maxLength={500} autoComplete="new-password" spellCheck={false} visibilityToggle={false} />
            </Form.Item>
            <Form.Item name="apiBase" label={t('publishing.addDialog.apiBase')} extra={t('publishing.addDialog.hostsHint')} rules={[urlRule(false)]}>
              <Input autoComplete="off" spellCheck={false} placeholder="https://" style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            <Form.Item name="authBase" label={t('publishing.addDialog.authBase')} extra={t('publishing.addDialog.hostsHint')} rules={[urlRule(false)]}>
              <Input autoComplete="off" spellCheck={false} placeholder="https://" style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            {needsRegisteredRedirect && (
              <Alert
                type="info"
                showIcon
                title={t(kind === 'tiktok' ? 'publishing.addDialog.tiktokHint' : 'publishing.addDialog.lazadaHint')}
                description={
                  redirect.data?.url ? (
                    <Flex vertical gap={2}>
                      <span>{t('publishing.addDialog.redirectUrl')}</span>
                      <Typography.Text code copyable data-testid="redirect-url">
                        {redirect.data.url}
                      </Typography.Text>
                    </Flex>
                  ) : redirect.isSuccess ? (
                    t('publishing.addDialog.redirectUnavailable')
                  ) : null
                }
              />
            )}
          </>
        )}
        {kind === 'ntm_portal' && (
          <>
            <Form.Item name="apiBase" label={t('publishing.addDialog.portalEndpoint')} extra={t('publishing.addDialog.portalEndpointHint')} rules={[urlRule(true)]}>
              <Input autoComplete="off" spellCheck={false} placeholder="https://" style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            <Form.Item name="secret" label={t('publishing.addDialog.portalKey')} extra={t('publishing.addDialog.secretHint')} rules={[secretRule]}>
              <Input.Password maxLength={500} autoComplete="new-password" spellCheck={false} visibilityToggle={false} />
            </Form.Item>
          </>
        )}
        {kind === 'file_export' && <Alert type="info" showIcon title={t('publishing.addDialog.fileExportHint')} />}
      </Form>
    </Modal>
  )
}
