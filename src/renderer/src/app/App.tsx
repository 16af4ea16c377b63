import { App as AntApp, ConfigProvider } from 'antd'
import enUS from 'antd/locale/en_US'
import viVN from 'antd/locale/vi_VN'
import { QueryClientProvider } from '@tanstack/react-query'
import dayjs from 'dayjs'
import 'dayjs/locale/vi'
import { useEffect, useState } from 'react'
import { RouterProvider } from 'react-router/dom'
import { createQueryClient } from '../api/query-client'
import { useLanguage } from '../components/format'
import { createAppRouter } from './router'

const THEME = {
  token: { colorPrimary: '#2e7d32', borderRadius: 6, fontSize: 14 },
} as const

export function App() {
  const language = useLanguage()
  const [queryClient] = useState(createQueryClient)
  const [router] = useState(createAppRouter)

  useEffect(() => {
    dayjs.locale(language === 'vi' ? 'vi' : 'en')
  }, [language])

  return (
    <ConfigProvider locale={language === 'vi' ? viVN : enUS} theme={THEME}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  )
}
