/**
 * "Đã nhận tiền": a transfer seen in the bank app, or the carrier's COD remittance. Nothing
 * tells the app about these by itself, so a person says so, with a note of what they saw; the
 * note and their name go into the payment history.
 */
import { Alert, App, Button, Flex, Form, Input, Modal, Typography } from 'antd'
import { CheckOutlined } from '@ant-design/icons'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PaymentIntentDto } from '@shared/contract/payments'
import { useFormat } from '../../components/format'
import { paymentErrorText } from './PaymentBits'
import { useConfirmReceived } from './payments.queries'

const NOTE_MAX = 300

/** The note field and its button, for the VietQR dialog and the stand-alone dialog alike. */
export function ConfirmReceivedForm({ intent, onDone, autoFocus }: { intent: PaymentIntentDto; onDone: () => void; autoFocus?: boolean }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const confirm = useConfirmReceived()
  const [note, setNote] = useState('')
  const [touched, setTouched] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const missing = note.trim() === ''
  const cod = intent.method === 'cod'
  const id = `confirm-note-${intent.id}`

  const submit = async () => {
    setTouched(true)
    if (missing) return
    setProblem(null)
    try {
      const after = await confirm.mutateAsync({ id: intent.id, note: note.trim() })
      void message.success(t('payments.confirm.done', { amount: format.vnd(after.amountReceivedVnd), number: after.orderNumber }))
      onDone()
    } catch (error) {
      setProblem(paymentErrorText(error))
    }
  }

  return (
    <Form layout="vertical" component="div">
      <Typography.Paragraph type="secondary">{t('payments.confirm.intro')}</Typography.Paragraph>
      <Form.Item
        label={t('payments.confirm.note')}
        htmlFor={id}
        required
        validateStatus={touched && missing ? 'error' : undefined}
        help={touched && missing ? t('payments.errors.note_required') : undefined}
      >
        <Flex gap={8} align="start">
          <Input
            id={id}
            value={note}
            maxLength={NOTE_MAX}
            onChange={(e) => setNote(e.target.value)}
            onPressEnter={() => void submit()}
            placeholder={cod ? t('payments.confirm.placeholderCod') : t('payments.confirm.placeholderTransfer')}
            autoFocus={autoFocus}
          />
          <Button type="primary" icon={<CheckOutlined />} loading={confirm.isPending} onClick={() => void submit()}>
            {cod ? t('payments.card.confirmCod') : t('payments.card.confirmTransfer')}
          </Button>
        </Flex>
      </Form.Item>
      {problem && <Alert type="error" showIcon role="alert" title={problem} />}
    </Form>
  )
}

export function ConfirmReceivedDialog({ intent, onClose }: { intent: PaymentIntentDto; onClose: () => void }) {
  const { t } = useTranslation()
  const format = useFormat()
  const amount = format.vnd(intent.amountVnd)
  return (
    <Modal
      open
      width={560}
      title={intent.method === 'cod' ? t('payments.confirm.titleCod', { amount }) : t('payments.confirm.titleTransfer', { amount })}
      footer={null}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <ConfirmReceivedForm intent={intent} onDone={onClose} autoFocus />
    </Modal>
  )
}
