import { App, Button, Flex, Form, Modal, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SellerDto } from '@shared/contract/dto'
import { showIssuesOnForm, useRevalidateOnLanguageChange } from '../../components/form-errors'
import { useFormat } from '../../components/format'
import { describeError } from '../../i18n/error-text'
import { NEW_SELLER, SellerFields, sellerFormToInput, sellerToFormValues, type SellerFormValues } from './SellerFields'
import { useCreateSeller, useSellers, useSetDefaultSeller, useUpdateSeller } from './sellers.queries'

type Editing = { mode: 'create' } | { mode: 'edit'; seller: SellerDto }

function SellerModal({ editing, onClose }: { editing: Editing; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<SellerFormValues>()
  const createSeller = useCreateSeller()
  const updateSeller = useUpdateSeller()
  useRevalidateOnLanguageChange(form)
  const pending = createSeller.isPending || updateSeller.isPending

  const submit = async (values: SellerFormValues) => {
    try {
      if (editing.mode === 'create') {
        const seller = await createSeller.mutateAsync(sellerFormToInput(values))
        void message.success(t('sellers.created', { name: seller.name }))
      } else {
        const seller = await updateSeller.mutateAsync({ id: editing.seller.id, ...sellerFormToInput(values) })
        void message.success(t('sellers.updated', { name: seller.name }))
      }
      onClose()
    } catch (error) {
      showIssuesOnForm(form, error)
      void message.error(describeError(error))
    }
  }

  return (
    <Modal
      open
      width={860}
      title={editing.mode === 'create' ? t('sellers.addTitle') : t('sellers.editTitle', { name: editing.seller.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form<SellerFormValues>
        form={form}
        name="seller"
        layout="vertical"
        initialValues={editing.mode === 'create' ? NEW_SELLER : sellerToFormValues(editing.seller)}
        onFinish={(v) => void submit(v)}
        scrollToFirstError
      >
        <SellerFields autoFocus />
      </Form>
    </Modal>
  )
}

export function SellersPage() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const sellers = useSellers()
  const setDefault = useSetDefaultSeller()
  const [editing, setEditing] = useState<Editing | null>(null)

  const makeDefault = async (seller: SellerDto) => {
    try {
      await setDefault.mutateAsync(seller.id)
      void message.success(t('sellers.defaultSet', { name: seller.name }))
    } catch (error) {
      void message.error(describeError(error))
    }
  }

  const columns: TableColumnsType<SellerDto> = [
    {
      key: 'name',
      title: t('seller.fields.name'),
      render: (_, seller) => (
        <Flex gap={8} align="center" wrap>
          <Typography.Text strong>{seller.name}</Typography.Text>
          {seller.isDefault && <Tag color="blue">{t('sellers.default')}</Tag>}
        </Flex>
      ),
    },
    { key: 'kind', title: t('seller.fields.kind'), width: 160, render: (_, s) => t(`seller.kinds.${s.kind}`) },
    { key: 'taxCode', title: t('seller.fields.taxCode'), width: 150, render: (_, s) => s.taxCode ?? t('common.empty') },
    { key: 'representative', title: t('seller.fields.representative'), width: 180, render: (_, s) => s.representative ?? t('common.empty') },
    { key: 'phone', title: t('seller.fields.phone'), width: 140, render: (_, s) => s.phone ?? t('common.empty') },
    { key: 'products', title: t('sellers.productCount'), width: 130, align: 'right', render: (_, s) => format.number(s.productCount) },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 230,
      render: (_, seller) => (
        <Flex gap={8}>
          <Button size="small" onClick={() => setEditing({ mode: 'edit', seller })} aria-label={`${t('common.edit')} ${seller.name}`}>
            {t('common.edit')}
          </Button>
          {!seller.isDefault && (
            <Button size="small" onClick={() => void makeDefault(seller)} loading={setDefault.isPending && setDefault.variables === seller.id}>
              {t('sellers.makeDefault')}
            </Button>
          )}
        </Flex>
      ),
    },
  ]

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('sellers.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('sellers.intro')}</Typography.Text>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create' })}>
          {t('sellers.add')}
        </Button>
      </Flex>
      <Table<SellerDto>
        rowKey="id"
        columns={columns}
        dataSource={sellers.data ?? []}
        loading={sellers.isLoading}
        pagination={false}
        locale={{ emptyText: t('sellers.empty') }}
        scroll={{ x: 1000 }}
      />
      {editing && <SellerModal editing={editing} onClose={() => setEditing(null)} />}
    </Flex>
  )
}
