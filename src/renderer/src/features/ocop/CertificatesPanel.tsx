/**
 * The OCOP certificates of one product, on its page: each with its state today, its scan, and a
 * form (a modal) that applies the same rules as the backend while the manager types — the level
 * follows the stars, the expiry defaults to issue + 36 months, the score is checked against the
 * star band — and puts the backend's answer on the right field when it still refuses.
 */
import { Alert, App, Button, Card, Col, Empty, Flex, Form, Input, InputNumber, List, Modal, Popconfirm, Radio, Row, Select, Space, Typography, Upload } from 'antd'
import { DeleteOutlined, EditOutlined, FileSearchOutlined, PaperClipOutlined, PlusOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ProductDto } from '@shared/contract/dto'
import type { CertificateDto, CreateCertificateInput } from '@shared/contract/ocop'
import { formatDateVi, todayInVietnam } from '@shared/domain/calendar'
import { isOcopGroup, OCOP_GROUP_NAMES, OCOP_GROUPS, type OcopGroup } from '@shared/domain/ocop'
import { defaultExpiry, issuingLevelForStar, OCOP_SUBGROUPS, subgroupsOf, validateCertificate, type OcopStar } from '@shared/domain/ocop-certificate'
import { isApiError } from '../../api/errors'
import { DateInput } from '../../components/DateInput'
import { showIssuesOnForm, useRevalidateOnLanguageChange } from '../../components/form-errors'
import { useLanguage } from '../../components/format'
import { toUploadFile, useMediaUrl } from '../../components/media'
import { describeError, issueText } from '../../i18n/error-text'
import { OcopStars, OcopStateTag } from './OcopBits'
import { useAttachScan, useCertificates, useDeleteCertificate, useRemoveScan, useSaveCertificate } from './ocop.queries'

interface CertificateFormValues {
  stars: OcopStar
  totalScore: number | null
  group: OcopGroup
  subgroup: string | null
  certificateNumber: string
  decisionNumber: string
  decisionDate: Dayjs | null
  issuingLevel: 'province' | 'central'
  issuingAuthority: string
  issueDate: Dayjs | null
  expiryDate: Dayjs | null
  notes: string
}

const iso = (d: Dayjs | null | undefined): string | null => (d ? d.format('YYYY-MM-DD') : null)
const day = (s: string | null): Dayjs | null => (s ? dayjs(s, 'YYYY-MM-DD') : null)

function toInput(values: CertificateFormValues): Omit<CreateCertificateInput, 'productId'> {
  return {
    stars: values.stars,
    totalScore: values.totalScore ?? null,
    group: values.group,
    subgroup: values.subgroup || null,
    certificateNumber: values.certificateNumber,
    decisionNumber: values.decisionNumber || null,
    decisionDate: iso(values.decisionDate),
    issuingLevel: values.issuingLevel,
    issuingAuthority: values.issuingAuthority || null,
    issueDate: iso(values.issueDate) ?? '',
    expiryDate: iso(values.expiryDate),
    notes: values.notes || null,
  }
}

function CertificateForm({ product, editing, onDone }: { product: ProductDto; editing: CertificateDto | null; onDone: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const language = useLanguage()
  const [form] = Form.useForm<CertificateFormValues>()
  useRevalidateOnLanguageChange(form)
  const save = useSaveCertificate()
  const group = Form.useWatch('group', form)
  const issueDate = Form.useWatch('issueDate', form)
  const watched = Form.useWatch([], form) as Partial<CertificateFormValues> | undefined

  useEffect(() => {
    form.resetFields()
    if (editing) {
      form.setFieldsValue({
        stars: editing.stars,
        totalScore: editing.totalScore,
        group: isOcopGroup(editing.group) ? editing.group : 'ocop.food',
        subgroup: editing.subgroup,
        certificateNumber: editing.certificateNumber,
        decisionNumber: editing.decisionNumber ?? '',
        decisionDate: day(editing.decisionDate),
        issuingLevel: editing.issuingLevel,
        issuingAuthority: editing.issuingAuthority ?? '',
        issueDate: day(editing.issueDate),
        expiryDate: day(editing.expiryDate),
        notes: editing.notes ?? '',
      })
    } else {
      form.setFieldsValue({ stars: 3, group: product.category && isOcopGroup(product.category) ? product.category : 'ocop.food', issuingLevel: 'province' })
    }
  }, [editing, form, product.category])

  // The warnings the backend would attach (score outside the band, unusual validity), shown live.
  const warnings =
    watched?.issueDate && watched.stars && watched.group
      ? validateCertificate(
          {
            certificateNumber: watched.certificateNumber ?? '',
            stars: watched.stars,
            totalScore: watched.totalScore ?? null,
            ocopGroup: watched.group,
            subgroup: watched.subgroup ?? null,
            issuingLevel: watched.issuingLevel ?? issuingLevelForStar(watched.stars),
            issueDate: iso(watched.issueDate) ?? '',
            expiryDate: iso(watched.expiryDate) ?? defaultExpiry(iso(watched.issueDate)!),
          },
          { today: todayInVietnam(Date.now()) },
        ).warnings
      : []

  const submit = async (values: CertificateFormValues) => {
    try {
      const input = toInput(values)
      const saved = await save.mutateAsync(editing ? { update: { id: editing.id, expectedVersion: editing.version, ...input } } : { create: { productId: product.id, ...input } })
      void message.success(t('ocop.form.saved', { number: saved.certificateNumber }))
      onDone()
    } catch (error) {
      const unplaced = showIssuesOnForm(form, error)
      if (isApiError(error, 'VALIDATION')) void message.error(unplaced[0] ? issueText(unplaced[0]) : t('ocop.form.fixErrors'))
      else void message.error(describeError(error))
    }
  }

  const subgroupOptions = group ? subgroupsOf(group).map((code) => ({ value: code, label: `${OCOP_SUBGROUPS[code].ref}. ${OCOP_SUBGROUPS[code][language]}` })) : []
  const expiryDefault = issueDate ? defaultExpiry(issueDate.format('YYYY-MM-DD')) : null
  const required = { required: true, message: t('errors.issue.required') }

  return (
    <Form<CertificateFormValues>
      form={form}
      name="certificate"
      layout="vertical"
      onFinish={(v) => void submit(v)}
      onValuesChange={(changed: Partial<CertificateFormValues>) => {
        // The level follows the stars (5★ central, 3–4★ province), as Decision 148 has it.
        if (changed.stars) form.setFieldValue('issuingLevel', issuingLevelForStar(changed.stars))
        if (changed.group) form.setFieldValue('subgroup', null)
      }}
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="stars" label={t('ocop.form.stars')} rules={[required]}>
            <Radio.Group optionType="button" options={[3, 4, 5].map((n) => ({ value: n, label: t('ocop.stars', { count: n }) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="totalScore" label={t('ocop.form.totalScore')}>
            <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="group" label={t('ocop.form.group')} rules={[required]}>
            <Select options={OCOP_GROUPS.map((g) => ({ value: g, label: OCOP_GROUP_NAMES[g][language] }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="subgroup" label={t('ocop.form.subgroup')}>
            {subgroupOptions.length > 0 ? (
              <Select allowClear options={subgroupOptions} placeholder={t('ocop.form.subgroupPlaceholder')} />
            ) : (
              <Input maxLength={120} placeholder={t('ocop.form.subgroupPlaceholder')} />
            )}
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="certificateNumber" label={t('ocop.form.certificateNumber')} rules={[{ ...required, whitespace: true }]}>
            <Input maxLength={60} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="issuingLevel" label={t('ocop.form.issuingLevel')} rules={[required]}>
            <Select
              options={[
                { value: 'province', label: t('ocop.form.levels.province') },
                { value: 'central', label: t('ocop.form.levels.central') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="decisionNumber" label={t('ocop.form.decisionNumber')}>
            <Input maxLength={60} placeholder="VD: 1234/QĐ-UBND" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="decisionDate" label={t('ocop.form.decisionDate')}>
            <DateInput />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="issuingAuthority" label={t('ocop.form.issuingAuthority')}>
            <Input maxLength={200} placeholder={t('ocop.form.issuingAuthorityPlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="issueDate" label={t('ocop.form.issueDate')} rules={[required]}>
            <DateInput noFuture />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="expiryDate" label={t('ocop.form.expiryDate')} extra={expiryDefault ? t('ocop.form.expiryHint', { date: formatDateVi(expiryDefault) }) : undefined}>
            <DateInput {...(expiryDefault && { placeholder: formatDateVi(expiryDefault) })} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="notes" label={t('ocop.form.notes')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
          </Form.Item>
        </Col>
      </Row>
      {warnings.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('ocop.form.warnings')} description={warnings.map((w) => <div key={w.reason}>{issueText({ code: w.reason, params: w.params })}</div>)} />
      )}
      <Flex justify="end" gap={8}>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Flex>
    </Form>
  )
}

function CertificateItem({ certificate, onEdit }: { certificate: CertificateDto; onEdit: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const mediaUrl = useMediaUrl()
  const remove = useDeleteCertificate()
  const attach = useAttachScan()
  const detach = useRemoveScan()
  const language = useLanguage()
  const scanUrl = certificate.scan && mediaUrl ? mediaUrl(certificate.scan.mediaKey, certificate.scan.kind === 'document' ? 'file' : 'master') : undefined
  return (
    <List.Item
      actions={[
        <Button key="edit" size="small" icon={<EditOutlined />} onClick={onEdit} aria-label={`${t('ocop.panel.edit')} ${certificate.certificateNumber}`} />,
        <Popconfirm
          key="delete"
          title={t('ocop.panel.deleteConfirm', { number: certificate.certificateNumber })}
          okText={t('ocop.panel.delete')}
          cancelText={t('common.cancel')}
          onConfirm={() => remove.mutateAsync(certificate.id).then(() => void message.success(t('ocop.panel.deleted')), (e: unknown) => void message.error(describeError(e)))}
        >
          <Button size="small" danger icon={<DeleteOutlined />} aria-label={`${t('ocop.panel.delete')} ${certificate.certificateNumber}`} />
        </Popconfirm>,
      ]}
    >
      <Flex vertical gap={4} style={{ minWidth: 0 }}>
        <Space wrap size={6}>
          <OcopStars stars={certificate.stars} />
          <OcopStateTag state={certificate.state} daysLeft={certificate.daysLeft} />
        </Space>
        <Typography.Text>{t('ocop.panel.number', { number: certificate.certificateNumber })}</Typography.Text>
        <Typography.Text type="secondary">
          {t('ocop.panel.validUntil', { date: formatDateVi(certificate.expiryDate) })} · {isOcopGroup(certificate.group) ? OCOP_GROUP_NAMES[certificate.group][language] : certificate.group}
        </Typography.Text>
        {certificate.warnings.map((w) => (
          <Typography.Text key={w.reason} type="warning">
            {issueText({ code: w.reason, params: w.params })}
          </Typography.Text>
        ))}
        <Space wrap size={4}>
          {scanUrl && (
            <Button size="small" type="link" icon={<FileSearchOutlined />} href={scanUrl} target="_blank" rel="noopener">
              {t('ocop.panel.openScan')}
            </Button>
          )}
          <Upload
            accept="application/pdf,image/jpeg,image/png,image/webp,image/heic"
            showUploadList={false}
            customRequest={({ file, onSuccess, onError }) => {
              void toUploadFile(file as File)
                .then((upload) => attach.mutateAsync({ certificateId: certificate.id, file: upload }))
                .then(
                  (r) => {
                    void message.success(t('ocop.panel.scanAttached'))
                    onSuccess?.(r)
                  },
                  (e: unknown) => {
                    void message.error(describeError(e))
                    onError?.(e as Error)
                  },
                )
            }}
          >
            <Button size="small" icon={<PaperClipOutlined />} loading={attach.isPending}>
              {t('ocop.panel.attachScan')}
            </Button>
          </Upload>
          {certificate.scan && (
            <Button size="small" type="link" danger loading={detach.isPending} onClick={() => detach.mutate(certificate.id, { onError: (e) => void message.error(describeError(e)) })}>
              {t('ocop.panel.removeScan')}
            </Button>
          )}
        </Space>
      </Flex>
    </List.Item>
  )
}

export function CertificatesPanel({ product }: { product: ProductDto }) {
  const { t } = useTranslation()
  const certificates = useCertificates(product.id)
  const [editing, setEditing] = useState<CertificateDto | null | undefined>(undefined)
  const readOnly = product.status === 'archived'
  const lapsed = product.ocop.state === 'expired'
  return (
    <Card
      size="small"
      title={t('ocop.panel.title')}
      extra={
        !readOnly && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            {t('ocop.panel.add')}
          </Button>
        )
      }
    >
      {lapsed && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={t('ocop.panel.expiredNotice')} />}
      {certificates.data && certificates.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ocop.panel.empty')} />
      ) : (
        <List<CertificateDto>
          loading={certificates.isLoading}
          dataSource={certificates.data ?? []}
          rowKey="id"
          renderItem={(c) => <CertificateItem certificate={c} onEdit={() => setEditing(c)} />}
        />
      )}
      <Modal
        open={editing !== undefined}
        title={editing ? t('ocop.form.editTitle') : t('ocop.form.createTitle')}
        footer={null}
        width={720}
        destroyOnHidden
        onCancel={() => setEditing(undefined)}
      >
        {editing !== undefined && <CertificateForm product={product} editing={editing} onDone={() => setEditing(undefined)} />}
      </Modal>
    </Card>
  )
}
