/**
 * The frame of an edit page: a header with "Quay lại" and the title, and a Save bar that stays
 * in reach at the bottom however long the form is. `backTo` is the list the page belongs to.
 */
import { Button, Flex, Result, Typography, theme } from 'antd'
import { ArrowLeftOutlined } from '@ant-design/icons'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { describeError } from '../i18n/error-text'

export function PageTop({ title, extra, backTo }: { title: ReactNode; extra?: ReactNode; backTo: string }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  return (
    <Flex justify="space-between" align="center" wrap gap={8}>
      <Flex align="center" gap={12} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(backTo)}>
          {t('common.back')}
        </Button>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
      </Flex>
      {extra}
    </Flex>
  )
}

export function SaveBar({ saving, disabled, backTo }: { saving: boolean; disabled?: boolean; backTo: string }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const { token } = theme.useToken()
  return (
    <Flex
      justify="end"
      gap={8}
      style={{ position: 'sticky', bottom: -20, marginTop: 16, padding: '12px 0 20px', background: token.colorBgLayout, borderTop: `1px solid ${token.colorBorderSecondary}`, zIndex: 2 }}
    >
      <Button onClick={() => void navigate(backTo)}>{t('common.cancel')}</Button>
      {/* The delay keeps a quick answer from flashing a spinner (and from lingering in the button's name). */}
      <Button type="primary" htmlType="submit" loading={saving && { delay: 200 }} disabled={disabled}>
        {t('common.save')}
      </Button>
    </Flex>
  )
}

/** A record that could not be loaded (deleted, wrong link, no connection): say why, offer the way back. */
export function LoadFailed({ error, backTo, backLabel }: { error: unknown; backTo: string; backLabel: string }) {
  const navigate = useNavigate()
  return (
    <Result
      status="warning"
      title={describeError(error)}
      extra={
        <Button type="primary" onClick={() => void navigate(backTo)}>
          {backLabel}
        </Button>
      }
    />
  )
}
