import { Col, Divider, Form, Input, Row, Select } from 'antd'
import type { FormRule as Rule } from 'antd'
import { useTranslation } from 'react-i18next'
import { SELLER_KINDS, type SellerDto, type SellerKind } from '@shared/contract/dto'
import type { CreateSellerInput } from '@shared/contract/inputs'
import { TAX_CODE_PATTERN } from '@shared/contract/inputs'
import { isVietnamesePhone } from '@shared/domain/phone'

export interface SellerFormValues {
  name: string
  kind: SellerKind
  taxCode?: string | null
  representative?: string | null
  phone?: string | null
  email?: string | null
  address?: string | null
  bankName?: string | null
  bankAccountNumber?: string | null
  bankAccountName?: string | null
}

export const NEW_SELLER: SellerFormValues = { name: '', kind: 'cooperative' }

export function sellerToFormValues(seller: SellerDto): SellerFormValues {
  const { name, kind, taxCode, representative, phone, email, address, bankName, bankAccountNumber, bankAccountName } = seller
  return { name, kind, taxCode, representative, phone, email, address, bankName, bankAccountNumber, bankAccountName }
}

const blankToNull = (v: string | null | undefined) => (v && v.trim() !== '' ? v.trim() : null)

/** Cleared fields are sent as null so that an edit can erase a value, not only change it. */
export function sellerFormToInput(values: SellerFormValues): CreateSellerInput {
  return {
    name: values.name.trim(),
    kind: values.kind,
    taxCode: blankToNull(values.taxCode),
    representative: blankToNull(values.representative),
    phone: blankToNull(values.phone),
    email: blankToNull(values.email),
    address: blankToNull(values.address),
    bankName: blankToNull(values.bankName),
    bankAccountNumber: blankToNull(values.bankAccountNumber),
    bankAccountName: blankToNull(values.bankAccountName),
  }
}

/** The same clean-up the backend does before checking (inputs.ts), so both agree on what is valid. */
const strip = (v: unknown, pattern: RegExp) => (typeof v === 'string' ? v.replace(pattern, '') : '')
const BANK_ACCOUNT_PATTERN = /^[0-9A-Za-z]{4,19}$/
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** The fields of a seller (chủ thể), shared by the first-run setup and the sellers page. */
export function SellerFields({ autoFocus }: { autoFocus?: boolean }) {
  const { t } = useTranslation()
  const formatRule = (test: (v: string) => boolean, code: 'phone_format' | 'tax_code_format' | 'email_format' | 'bank_account_format'): Rule => ({
    validator: (_rule, value: unknown) => (!value || test(String(value)) ? Promise.resolve() : Promise.reject(new Error(t(`errors.issue.${code}`)))),
  })
  const maxRule = (max: number): Rule => ({ max, message: t('errors.issue.max_length', { limit: max }) })

  return (
    <>
      <Divider titlePlacement="start" plain>
        {t('seller.sections.identity')}
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Form.Item name="name" label={t('seller.fields.name')} rules={[{ required: true, whitespace: true, message: t('errors.issue.required') }, maxRule(200)]}>
            <Input placeholder={t('seller.placeholders.name')} autoFocus={autoFocus} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="kind" label={t('seller.fields.kind')} rules={[{ required: true, message: t('errors.issue.required') }]}>
            <Select options={SELLER_KINDS.map((kind) => ({ value: kind, label: t(`seller.kinds.${kind}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="taxCode" label={t('seller.fields.taxCode')} rules={[formatRule((v) => TAX_CODE_PATTERN.test(strip(v, /\s/g)), 'tax_code_format')]}>
            <Input placeholder={t('seller.placeholders.taxCode')} inputMode="numeric" />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="representative" label={t('seller.fields.representative')} rules={[maxRule(120)]}>
            <Input placeholder={t('seller.placeholders.representative')} />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain>
        {t('seller.sections.contact')}
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="phone" label={t('seller.fields.phone')} rules={[formatRule((v) => isVietnamesePhone(v), 'phone_format')]}>
            <Input placeholder={t('seller.placeholders.phone')} inputMode="tel" />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="email" label={t('seller.fields.email')} rules={[formatRule((v) => EMAIL_PATTERN.test(v.trim()), 'email_format')]}>
            <Input placeholder={t('seller.placeholders.email')} inputMode="email" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="address" label={t('seller.fields.address')} rules={[maxRule(300)]}>
            <Input placeholder={t('seller.placeholders.address')} />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain>
        {t('seller.sections.bank')}
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="bankName" label={t('seller.fields.bankName')} rules={[maxRule(120)]}>
            <Input placeholder={t('seller.placeholders.bankName')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="bankAccountNumber"
            label={t('seller.fields.bankAccountNumber')}
            rules={[formatRule((v) => BANK_ACCOUNT_PATTERN.test(strip(v, /[\s.-]/g)), 'bank_account_format')]}
          >
            <Input placeholder={t('seller.placeholders.bankAccountNumber')} inputMode="numeric" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="bankAccountName" label={t('seller.fields.bankAccountName')} rules={[maxRule(120)]}>
            <Input placeholder={t('seller.placeholders.bankAccountName')} />
          </Form.Item>
        </Col>
      </Row>
    </>
  )
}
