import { Alert, App, Button, Card, Flex, Form, Input, Select, Skeleton, Typography } from 'antd'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { LABEL_LAYOUT_IDS, type LabelLayoutId, type SettingsDto } from '@shared/contract/lots'
import { expandTraceUrl, TRACE_PLACEHOLDERS, TRACE_TEXT_PREFIX, validateTraceTemplate, type TracePlaceholder } from '@shared/domain/trace'
import { isApiError } from '../../api/errors'
import { showIssuesOnForm, useRevalidateOnLanguageChange } from '../../components/form-errors'
import { describeError, issueText } from '../../i18n/error-text'
import { useSettings, useUpdateSettings } from '../lots/lots.queries'

interface TraceSettingsValues {
  traceUrlTemplate: string
  defaultLabelLayout: LabelLayoutId
}

/** Values shaped like real ones, for the preview of an expanded template. */
const EXAMPLE: Readonly<Record<TracePlaceholder, string>> = {
  code: '7KQ2M-9XC4R',
  lot: 'MOHN-260915-01',
  sku: 'MOHN-500',
  gtin: '8931234567890',
  product: 'prd_01JB8ZJ0K4Q3V6S4W2T8Y5N7XM',
}

const EXAMPLE_TEMPLATE = 'https://truyxuat.example.vn/lo/{code}'

function toValues(settings: SettingsDto): TraceSettingsValues {
  return { traceUrlTemplate: settings.traceUrlTemplate ?? '', defaultLabelLayout: settings.defaultLabelLayout }
}

/** Where a lot's QR code points, and the label sheet the print dialog opens with. */
export function TraceSettingsCard() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const settings = useSettings()
  const update = useUpdateSettings()
  const [form] = Form.useForm<TraceSettingsValues>()
  useRevalidateOnLanguageChange(form)
  const template = ((Form.useWatch('traceUrlTemplate', form) as string | undefined) ?? '').trim()
  const issues = template === '' ? [] : validateTraceTemplate(template)
  const preview = template !== '' && issues.length === 0 ? expandTraceUrl(template, EXAMPLE) : null

  // Fill once the settings arrive, and again after a save; a background refetch must not wipe typing.
  const filled = useRef(false)
  useEffect(() => {
    if (!settings.data || (filled.current && form.isFieldsTouched())) return
    filled.current = true
    form.setFieldsValue(toValues(settings.data))
  }, [form, settings.data])

  const insert = (name: TracePlaceholder) => {
    const current = (form.getFieldValue('traceUrlTemplate') as string | undefined) ?? ''
    form.setFieldValue('traceUrlTemplate', `${current}{${name}}`)
    void form.validateFields(['traceUrlTemplate']).catch(() => undefined)
  }

  const submit = (values: TraceSettingsValues) =>
    update.mutate(
      { traceUrlTemplate: values.traceUrlTemplate.trim() || null, defaultLabelLayout: values.defaultLabelLayout },
      {
        onSuccess: (saved) => {
          form.resetFields()
          form.setFieldsValue(toValues(saved))
          void message.success(t('lots.settings.saved'))
        },
        onError: (error) => {
          const unplaced = showIssuesOnForm(form, error)
          void message.error(isApiError(error, 'VALIDATION') && unplaced[0] ? issueText(unplaced[0]) : describeError(error))
        },
      },
    )

  return (
    <Card title={t('lots.settings.title')}>
      {settings.isLoading ? (
        <Skeleton active />
      ) : settings.error ? (
        <Alert type="error" showIcon title={describeError(settings.error)} action={<Button onClick={() => void settings.refetch()}>{t('common.retry')}</Button>} />
      ) : (
        <Form<TraceSettingsValues> form={form} name="trace-settings" layout="vertical" onFinish={submit}>
          <Typography.Paragraph type="secondary">{t('lots.settings.intro')}</Typography.Paragraph>
          <Form.Item
            name="traceUrlTemplate"
            label={t('lots.settings.template')}
            rules={[
              {
                validator: (_rule, value: string | undefined) => {
                  const text = (value ?? '').trim()
                  const [first] = text === '' ? [] : validateTraceTemplate(text)
                  return first ? Promise.reject(new Error(issueText(first))) : Promise.resolve()
                },
              },
            ]}
          >
            <Input placeholder={t('lots.settings.templatePlaceholder', { example: EXAMPLE_TEMPLATE })} autoComplete="off" spellCheck={false} allowClear style={{ fontFamily: 'monospace' }} />
          </Form.Item>

          <Flex vertical gap={4} style={{ marginTop: -8, marginBottom: 16 }}>
            <Typography.Text type="secondary">{t('lots.settings.placeholdersIntro')}</Typography.Text>
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {TRACE_PLACEHOLDERS.map((name) => (
                <li key={name}>
                  <Button
                    type="link"
                    size="small"
                    style={{ padding: 0, height: 'auto', fontFamily: 'monospace' }}
                    onClick={() => insert(name)}
                    aria-label={t('lots.settings.insert', { placeholder: `{${name}}` })}
                  >
                    {`{${name}}`}
                  </Button>{' '}
                  <Typography.Text type="secondary">— {t(`lots.settings.placeholders.${name}`)}</Typography.Text>
                </li>
              ))}
            </ul>
          </Flex>

          <div role="status" aria-live="polite" style={{ marginBottom: 16 }}>
            {preview ? (
              <Alert
                type="success"
                showIcon
                title={t('lots.settings.previewTitle')}
                description={
                  <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                    {preview}
                  </Typography.Text>
                }
              />
            ) : template === '' ? (
              <Alert type="info" showIcon title={t('lots.settings.emptyTitle')} description={t('lots.settings.emptyText', { prefix: TRACE_TEXT_PREFIX })} />
            ) : null}
          </div>

          <Form.Item name="defaultLabelLayout" label={t('lots.settings.defaultLayout')} extra={t('lots.settings.defaultLayoutHint')}>
            <Select<LabelLayoutId>
              style={{ maxWidth: 420 }}
              options={LABEL_LAYOUT_IDS.map((id) => ({ value: id, label: t(`lots.labels.layouts.${id}.name`) }))}
            />
          </Form.Item>

          <Button type="primary" htmlType="submit" loading={update.isPending && { delay: 200 }}>
            {t('common.save')}
          </Button>
        </Form>
      )}
    </Card>
  )
}
