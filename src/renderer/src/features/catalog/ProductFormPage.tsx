import { Alert, App, Button, Card, Col, Flex, Form, Input, Radio, Row, Select, Skeleton, Typography, type FormInstance } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import type { ProductDto } from '@shared/contract/dto'
import { isApiError, reasonOf } from '../../api/errors'
import { ArchiveToggle } from '../../components/ArchiveToggle'
import { LoadFailed, PageTop, SaveBar } from '../../components/FormPageFrame'
import { useFillFromRecord } from '../../components/versioned-form'
import { CategorySelect } from '../../components/CategorySelect'
import { StatusTag } from '../../components/StatusTag'
import { showIssuesOnForm, useRevalidateOnLanguageChange } from '../../components/form-errors'
import { describeError, issueText } from '../../i18n/error-text'
import { useSellers } from '../sellers/sellers.queries'
import { productKeys, useArchiveProduct, useCreateProduct, useProduct, useRestoreProduct, useUpdateProduct } from './catalog.queries'
import { formValuesToInput, newProductValues, productToFormValues, type ProductFormValues } from './product-form-values'
import { CertificatesPanel } from '../ocop/CertificatesPanel'
import { ProductHistory } from './ProductHistory'
import { ProductImagesPanel } from './ProductImagesPanel'
import { VariantsEditor } from './VariantsEditor'

function ProductFields({ form, disabled }: { form: FormInstance<ProductFormValues>; disabled: boolean }) {
  const { t } = useTranslation()
  const sellers = useSellers()
  const required = { required: true, whitespace: true, message: t('errors.issue.required') }
  return (
    <Flex vertical gap={16}>
      <Card title={t('productForm.general')} size="small">
        <Form.Item name="name" label={t('productForm.name')} rules={[required, { max: 200, message: t('errors.issue.max_length', { limit: 200 }) }]}>
          <Input placeholder={t('productForm.namePlaceholder')} autoFocus={!disabled} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="category" label={t('productForm.category')}>
              <CategorySelect allowClear placeholder={t('productForm.categoryPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="sellerId" label={t('productForm.seller')} rules={[{ required: true, message: t('errors.issue.required') }]}>
              <Select loading={sellers.isLoading} options={(sellers.data ?? []).map((s) => ({ value: s.id, label: s.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="status" label={t('productForm.status')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'active', label: t('status.active') },
                  { value: 'draft', label: t('status.draft') },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('productForm.description')} rules={[{ max: 5000, message: t('errors.issue.max_length', { limit: 5000 }) }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} placeholder={t('productForm.descriptionPlaceholder')} />
        </Form.Item>
      </Card>
      <Card title={t('productForm.variants')} size="small">
        <Typography.Paragraph type="secondary">{t('productForm.variantsHint')}</Typography.Paragraph>
        <VariantsEditor form={form} disabled={disabled} />
      </Card>
    </Flex>
  )
}


/** Server problems: on their fields when they have one, and always one sentence on top. */
function useReportSaveError(form: FormInstance<ProductFormValues>) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  return (error: unknown) => {
    const unplaced = showIssuesOnForm(form, error)
    if (isApiError(error, 'VALIDATION')) void message.error(unplaced[0] ? issueText(unplaced[0]) : t('productForm.fixErrors'))
    else void message.error(describeError(error))
  }
}

function CreateProduct() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [form] = Form.useForm<ProductFormValues>()
  const sellers = useSellers()
  const create = useCreateProduct()
  const reportError = useReportSaveError(form)
  useRevalidateOnLanguageChange(form)
  const defaultSellerId = sellers.data?.find((s) => s.isDefault)?.id

  const submit = async (values: ProductFormValues) => {
    try {
      const product = await create.mutateAsync(formValuesToInput(values))
      void message.success(t('productForm.created', { name: product.name }))
      void navigate('/products')
    } catch (error) {
      reportError(error)
    }
  }

  if (sellers.isLoading) return <Skeleton active />
  return (
    <Flex vertical gap={16} style={{ maxWidth: 1100 }}>
      <PageTop backTo="/products" title={t('productForm.createTitle')} />
      <Form<ProductFormValues> form={form} name="product" layout="vertical" initialValues={newProductValues(defaultSellerId)} onFinish={(v) => void submit(v)} scrollToFirstError>
        <ProductFields form={form} disabled={false} />
        <SaveBar backTo="/products" saving={create.isPending} />
      </Form>
    </Flex>
  )
}

function EditProduct({ id }: { id: string }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [form] = Form.useForm<ProductFormValues>()
  const queryClient = useQueryClient()
  const product = useProduct(id)
  const update = useUpdateProduct()
  const archive = useArchiveProduct()
  const restore = useRestoreProduct()
  const reportError = useReportSaveError(form)
  useRevalidateOnLanguageChange(form)
  const [conflict, setConflict] = useState(false)
  const loaded: ProductDto | undefined = product.data
  const archived = loaded?.status === 'archived'

  useFillFromRecord(form, loaded, productToFormValues)

  const submit = async (values: ProductFormValues) => {
    if (!loaded) return
    try {
      const saved = await update.mutateAsync({ id, expectedVersion: loaded.version, ...formValuesToInput(values) })
      void message.success(t('productForm.saved', { name: saved.name }))
      void navigate('/products')
    } catch (error) {
      if (isApiError(error, 'CONFLICT') && reasonOf(error) === 'version_mismatch') setConflict(true)
      else if (isApiError(error, 'CONFLICT') && reasonOf(error) === 'product_archived') {
        void message.error(describeError(error))
        void product.refetch()
      } else reportError(error)
    }
  }

  const reload = async () => {
    await Promise.all([product.refetch(), queryClient.invalidateQueries({ queryKey: productKeys.history(id) })])
    setConflict(false)
  }

  if (product.isLoading) return <Skeleton active />
  if (!loaded) {
    return <LoadFailed error={product.error} backTo="/products" backLabel={t('app.backHome')} />
  }

  const actions = (
    <ArchiveToggle
      archived={archived}
      texts={{
        archive: t('products.archive'),
        restore: t('products.restore'),
        confirmTitle: t('products.archiveConfirmTitle', { name: loaded.name }),
        confirmText: t('products.archiveConfirmText'),
        confirmOk: t('products.archiveConfirmOk'),
      }}
      archiving={archive.isPending}
      restoring={restore.isPending}
      onArchive={async () => {
        const p = await archive.mutateAsync(id)
        void message.success(t('products.archived', { name: p.name }))
        void navigate('/products')
      }}
      onRestore={async () => {
        const p = await restore.mutateAsync(id)
        void message.success(t('products.restored', { name: p.name }))
      }}
    />
  )

  return (
    <Flex vertical gap={16}>
      <PageTop backTo="/products"
        title={t('productForm.editTitle')}
        extra={
          <Flex align="center" gap={12}>
            <StatusTag status={loaded.status} />
            <Typography.Text type="secondary">{t('productForm.version', { version: loaded.version })}</Typography.Text>
            {actions}
          </Flex>
        }
      />
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title={t('productForm.conflictTitle')}
          description={t('productForm.conflictText')}
          action={
            <Button onClick={() => void reload()} loading={product.isFetching}>
              {t('productForm.conflictReload')}
            </Button>
          }
        />
      )}
      {archived && <Alert type="info" showIcon title={t('productForm.archivedTitle')} description={t('productForm.archivedText')} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Form<ProductFormValues> form={form} name="product" layout="vertical" disabled={archived} onFinish={(v) => void submit(v)} scrollToFirstError>
            <ProductFields form={form} disabled={archived} />
            {!archived && <SaveBar backTo="/products" saving={update.isPending} disabled={conflict} />}
          </Form>
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            <ProductImagesPanel product={loaded} />
            <CertificatesPanel product={loaded} />
            <LotsCard product={loaded} />
            <ProductHistory productId={id} />
          </Flex>
        </Col>
      </Row>
    </Flex>
  )
}

/** Lots live on their own screen; from a product, start one with the product already chosen. */
function LotsCard({ product }: { product: ProductDto }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const firstVariant = product.variants[0]
  return (
    <Card size="small" title={t('ocop.panel.lotsTitle')}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('ocop.panel.lotsHint')}
      </Typography.Paragraph>
      <Flex gap={8} wrap>
        {product.status !== 'archived' && firstVariant && (
          <Button icon={<PlusOutlined />} onClick={() => void navigate(`/lots/new?productId=${product.id}&variantId=${firstVariant.id}`)}>
            {t('ocop.panel.addLot')}
          </Button>
        )}
        <Button onClick={() => void navigate(`/lots?productId=${product.id}`)}>{t('ocop.panel.viewLots')}</Button>
      </Flex>
    </Card>
  )
}

export function ProductFormPage() {
  const { productId } = useParams()
  return productId ? <EditProduct key={productId} id={productId} /> : <CreateProduct />
}
