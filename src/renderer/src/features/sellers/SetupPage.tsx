import { App, Button, Card, Flex, Form, Layout, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { LanguageSwitch } from '../../components/LanguageSwitch'
import { showIssuesOnForm, useRevalidateOnLanguageChange } from '../../components/form-errors'
import { describeError } from '../../i18n/error-text'
import { NEW_SELLER, SellerFields, sellerFormToInput, type SellerFormValues } from './SellerFields'
import { useCreateSeller } from './sellers.queries'

/** First run: nothing works without the cooperative's own seller, so nothing else is shown. */
export function SetupPage() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<SellerFormValues>()
  const createSeller = useCreateSeller()
  useRevalidateOnLanguageChange(form)

  const submit = async (values: SellerFormValues) => {
    try {
      const seller = await createSeller.mutateAsync(sellerFormToInput(values))
      void message.success(t('setup.done', { name: seller.name }))
    } catch (error) {
      showIssuesOnForm(form, error)
      void message.error(describeError(error))
    }
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16 }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 18 }}>
          {t('app.title')}
        </Typography.Text>
        <LanguageSwitch size="small" />
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Card style={{ maxWidth: 880, margin: '0 auto' }}>
          <Typography.Title level={2}>{t('setup.title')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
          <Form<SellerFormValues> form={form} layout="vertical" name="setup" initialValues={NEW_SELLER} onFinish={(v) => void submit(v)} scrollToFirstError>
            <SellerFields autoFocus />
            <Flex justify="end">
              <Button type="primary" htmlType="submit" size="large" loading={createSeller.isPending}>
                {t('setup.submit')}
              </Button>
            </Flex>
          </Form>
        </Card>
      </Layout.Content>
    </Layout>
  )
}
