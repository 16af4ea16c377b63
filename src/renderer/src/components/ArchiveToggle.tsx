/**
 * The page-header action of a record that is archived rather than deleted: "Lưu trữ" behind a
 * confirmation while it is live, "Khôi phục" once it is archived. The caller says what happens
 * after success (a message, leaving the page); failures are reported here, in words.
 */
import { App, Button, Popconfirm } from 'antd'
import { InboxOutlined, RollbackOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { describeError } from '../i18n/error-text'

export interface ArchiveToggleTexts {
  readonly archive: string
  readonly restore: string
  readonly confirmTitle: string
  readonly confirmText: string
  readonly confirmOk: string
}

export function ArchiveToggle(props: {
  archived: boolean
  texts: ArchiveToggleTexts
  archiving: boolean
  restoring: boolean
  onArchive: () => Promise<unknown>
  onRestore: () => Promise<unknown>
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const report = (error: unknown) => void message.error(describeError(error))
  if (props.archived) {
    return (
      <Button icon={<RollbackOutlined />} loading={props.restoring} onClick={() => void props.onRestore().catch(report)}>
        {props.texts.restore}
      </Button>
    )
  }
  return (
    <Popconfirm
      title={props.texts.confirmTitle}
      description={props.texts.confirmText}
      okText={props.texts.confirmOk}
      cancelText={t('common.cancel')}
      onConfirm={() => props.onArchive().catch(report)}
    >
      <Button icon={<InboxOutlined />} loading={props.archiving}>
        {props.texts.archive}
      </Button>
    </Popconfirm>
  )
}
