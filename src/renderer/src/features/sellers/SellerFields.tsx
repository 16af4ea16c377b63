import { Col, Divider, Flex, Form, Input, Row, Select, Typography } from 'antd'
import type { FormRule as Rule } from 'antd'
import { useTranslation } from 'react-i18next'
import { SELLER_KINDS, type SellerDto, type SellerKind } from '@shared/contract/dto'
import type { CreateSellerInput } from '@shared/contract/inputs'
import { TAX_CODE_PATTERN } from '@shared/contract/inputs'
import { findBankByBin, VIETQR_BANKS } from '@shared/domain/banks'
import { isVietnamesePhone } from '@shared/domain/phone'
import { foldVietnamese } from '@shared/domain/vietnamese'
import { tryBuildVietQrPayload } from '@shared/domain/vietqr'
import { QrCode } from '../../components/QrCode'

export interface SellerFormValues {
  name: string
  kind: SellerKind
  taxCode?: string | null
  representative?: string | null
  phone?: string | null
  email?: string | null
  address?: string | null
  bankName?: string | null
  /** NAPAS BIN of the bank chosen in the list: what a VietQR is addressed to. */
  bankBin?: string | null
  bankAccountNumber?: string | null
  bankAccountName?: string | null
}

export const NEW_SELLER: SellerFormValues = { name: '', kind: 'cooperative' }

export function sellerToFormValues(seller: SellerDto): SellerFormValues {
  const { name, kind, taxCode, representative, phone, email, address, bankName, bankBin, bankAccountNumber, bankAccountName } = seller
  return { name, kind, taxCode, representative, phone, email, address, bankName, bankBin, bankAccountNumber, bankAccountName }
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
    bankBin: blankToNull(values.bankBin),
    bankAccountNumber: blankToNull(values.bankAccountNumber),
    bankAccountName: blankToNull(values.bankAccountName),
  }
}

/** The same clean-up the backend does before checking (inputs.ts), so both agree on what is valid. */
const strip = (v: unknown, pattern: RegExp) => (typeof v === 'string' ? v.replace(pattern, '') : '')
const BANK_ACCOUNT_PATTERN = /^[0-9A-Za-z]{4,19}$/
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Banks to choose from, found by the name people say, the full name or the BIN, tone marks optional. */
const BANK_OPTIONS = VIETQR_BANKS.map((bank) => ({
  value: bank.bin,
  label: bank.shortName,
  fullName: bank.name,
  search: foldVietnamese(`${bank.shortName} ${bank.name} ${bank.bin}`),
}))

/**
 * The bank of the account customers transfer to. Choosing one fills the BIN a VietQR needs and
 * the bank's name; an older free-text name stays until a bank is chosen, and is shown as a hint.
 */
function BankFields() {
  const { t } = useTranslation()
  const form = Form.useFormInstance<SellerFormValues>()
  const bankBin = Form.useWatch('bankBin', form) as string | null | undefined
  const bankName = Form.useWatch('bankName', form) as string | null | undefined
  const legacyName = !bankBin && bankName ? bankName : null
  return (
    <>
      <Form.Item name="bankName" hidden>
        <Input />
      </Form.Item>
      <Form.Item
        name="bankBin"
        label={t('seller.fields.bankName')}
        extra={legacyName ? t('seller.hints.bankLegacy', { name: legacyName }) : undefined}
      >
        <Select<string, (typeof BANK_OPTIONS)[number]>
          allowClear
          placeholder={t('seller.placeholders.bankBin')}
          options={BANK_OPTIONS}
          showSearch={{ filterOption: (input, option) => !!option && option.search.includes(foldVietnamese(input)) }}
          optionRender={(option) => (
            <Flex vertical>
              <span>{option.data.label}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                {option.data.fullName}
              </Typography.Text>
            </Flex>
          )}
          onChange={(bin) => form.setFieldValue('bankName', bin ? (findBankByBin(bin)?.shortName ?? null) : null)}
        />
      </Form.Item>
    </>
  )
}

/** What a customer's banking app will read: a static VietQR of the account, once bank and number are there. */
function VietQrPreview() {
  const { t } = useTranslation()
  const form = Form.useFormInstance<SellerFormValues>()
  const bankBin = Form.useWatch('bankBin', form) as string | null | undefined
  const account = strip(Form.useWatch('bankAccountNumber', form), /[\s.-]/g)
  const bank = bankBin ? findBankByBin(bankBin) : null
  const built = bank && account ? tryBuildVietQrPayload({ bin: bank.bin, accountNumber: account }) : null
  if (!bank || !built?.ok) {
    return <Typography.Text type="secondary">{t('seller.hints.vietqrNeeds')}</Typography.Text>
  }
  return (
    <Flex gap={12} align="center">
      <QrCode text={built.payload} size={96} label={t('seller.hints.vietqrLabel', { account, bank: bank.shortName })} data-testid="seller-vietqr-preview" />
      <Typography.Text type="secondary">{t('seller.hints.vietqrPreview', { account, bank: bank.shortName })}</Typography.Text>
    </Flex>
  )
}

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
          <BankFields />
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
        <Col span={24} style={{ marginBottom: 16 }}>
          <VietQrPreview />
        </Col>
      </Row>
    </>
  )
}
