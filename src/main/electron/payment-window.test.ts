import { describe, expect, it } from 'vitest'
import { guardPaymentContents, judgePaymentNavigation, paymentWindowPreferences, PAYMENT_PARTITION } from './payment-window'

const BASE = 'http://127.0.0.1:51234'

describe('the VNPay payment window', () => {
  it('goes to VNPay and to a bank’s https pages', () => {
    expect(judgePaymentNavigation('https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?vnp_Amount=1', BASE)).toBe('allow')
    expect(judgePaymentNavigation('https://otp.ncb-bank.vn/verify', BASE)).toBe('allow')
  })

  it('recognises only our loopback return route as coming back', () => {
    expect(judgePaymentNavigation(`${BASE}/vnpay/return?vnp_TxnRef=1`, BASE)).toBe('return')
    expect(judgePaymentNavigation(`${BASE}/vnpay/ipn?x=1`, BASE)).toBe('refuse')
    expect(judgePaymentNavigation(`${BASE}/api/orders.getOrder`, BASE)).toBe('refuse')
    expect(judgePaymentNavigation('http://127.0.0.1:51235/vnpay/return', BASE)).toBe('refuse')
  })

  it('refuses everything else, however it is written', () => {
    for (const url of [
      'http://sandbox.vnpayment.vn/paymentv2/vpcpay.html',
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'app://shop/index.html',
      'https://user:pass@sandbox.vnpayment.vn/',
      'data:text/html,<script>1</script>',
      'not a url',
      '',
      42,
      null,
    ]) {
      expect(judgePaymentNavigation(url, BASE), String(url)).toBe('refuse')
    }
  })

  it('has no preload, its own session, and the sandbox on', () => {
    const prefs = paymentWindowPreferences()
    expect(prefs.preload).toBeUndefined()
    expect(prefs).toMatchObject({ partition: PAYMENT_PARTITION, sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, devTools: false })
  })
})

describe('the payment window guard', () => {
  function fakeContents() {
    const listeners = new Map<string, (event: { url: string; preventDefault(): void }) => void>()
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined
    return {
      on(name: string, listener: (event: { url: string; preventDefault(): void }) => void) {
        listeners.set(name, listener)
      },
      setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) {
        openHandler = h
      },
      fire(name: string, url: string): boolean {
        let prevented = false
        listeners.get(name)!({ url, preventDefault: () => (prevented = true) })
        return prevented
      },
      open: (url: string) => openHandler!({ url }),
    }
  }

  it('lets VNPay, the bank and our return through, and stops the rest', () => {
    const contents = fakeContents()
    const warnings: string[] = []
    guardPaymentContents(contents, () => BASE, (m) => warnings.push(m))
    expect(contents.fire('will-navigate', 'https://sandbox.vnpayment.vn/paymentv2/Transaction/PaymentMethod.html')).toBe(false)
    expect(contents.fire('will-redirect', `${BASE}/vnpay/return?vnp_TxnRef=1`)).toBe(false)
    expect(contents.fire('will-navigate', 'http://evil.example/')).toBe(true)
    expect(contents.fire('will-frame-navigate', 'file:///etc/passwd')).toBe(true)
    expect(contents.open('https://sandbox.vnpayment.vn/')).toEqual({ action: 'deny' })
    expect(warnings).toHaveLength(2)
  })

  it('refuses everything while the return address is not known', () => {
    const contents = fakeContents()
    guardPaymentContents(contents, () => null, () => undefined)
    expect(contents.fire('will-navigate', 'https://sandbox.vnpayment.vn/')).toBe(true)
  })
})
