/**
 * Vietnamese words of the home screen "Tổng quan" (doanh thu, hàng trả lại, phí vận chuyển,
 * không dùng tiền mặt…). Merged into `vi` under `dashboard`; `dashboard.en.ts` has the same keys.
 * Channel, order status and payment method names come from the orders and payments catalogues.
 */
export const dashboardVi = {
  title: 'Tổng quan',
  updating: 'Đang cập nhật số liệu…',
  loadFailed: 'Không tải được số liệu tổng quan: {{reason}}',
  windows: {
    today: 'Doanh thu hôm nay',
    last7: 'Doanh thu 7 ngày',
    last30: 'Doanh thu 30 ngày',
    orders: '{{count}} đơn',
    hint: 'Doanh thu thuần: tiền hàng sau giảm giá, trừ hàng khách trả lại; không gồm phí vận chuyển. Một đơn được tính vào ngày xác nhận, trừ đơn đã hủy.',
  },
  totals: {
    title: 'Trong kỳ {{from}} – {{to}}',
    net: 'Doanh thu thuần',
    returns: 'Hàng trả lại',
    shipping: 'Phí vận chuyển',
    orders: 'Số đơn',
    gross: 'Tiền hàng: {{amount}}',
  },
  view: {
    label: 'Cách xem: {{chart}}',
    chart: 'Biểu đồ',
    table: 'Bảng số',
  },
  /** Amounts on chart axes; tooltips and tables show the full amount. */
  money: {
    thousand: '{{value}} nghìn',
    million: '{{value}} tr',
    billion: '{{value}} tỷ',
  },
  columns: {
    day: 'Ngày',
    month: 'Tháng',
    orders: 'Số đơn',
    gross: 'Tiền hàng',
    returns: 'Hàng trả lại',
    net: 'Doanh thu thuần',
    shipping: 'Phí vận chuyển',
    channel: 'Kênh bán',
    status: 'Trạng thái',
    method: 'Hình thức',
    amount: 'Số tiền',
    share: 'Tỷ lệ',
    product: 'Sản phẩm',
    quantity: 'Số lượng',
    total: 'Tổng cộng',
  },
  charts: {
    byDay: {
      title: 'Doanh thu theo ngày',
      label: 'Biểu đồ doanh thu theo ngày',
    },
    byMonth: {
      title: 'Doanh thu 12 tháng',
      label: 'Biểu đồ doanh thu theo tháng',
      tick: '{{month}}/{{year}}',
      month: 'Tháng {{month}}/{{year}}',
    },
    byChannel: {
      title: 'Đơn hàng theo kênh bán',
      label: 'Biểu đồ đơn hàng theo kênh bán',
      none: 'Chưa có đơn nào được xác nhận trong kỳ.',
    },
    collections: {
      title: 'Hình thức thanh toán',
      label: 'Biểu đồ tiền thu theo hình thức thanh toán',
      cashless: 'Không dùng tiền mặt',
      none: 'Chưa thu tiền trong kỳ này.',
      hint: 'Tiền nhận được trong kỳ, đã trừ tiền hoàn lại cho khách.',
      marketplace: 'Sàn TMĐT thu hộ',
    },
    byStatus: {
      title: 'Đơn hàng theo trạng thái',
      label: 'Biểu đồ đơn hàng theo trạng thái',
      hint: 'Đơn tạo trong kỳ, theo trạng thái hiện tại.',
    },
  },
  topProducts: {
    title: 'Sản phẩm bán chạy',
    none: 'Chưa bán được sản phẩm nào trong kỳ.',
  },
  attention: {
    lowStock: {
      title: 'Sắp hết hàng',
      available: 'Có thể bán',
      threshold: 'ngưỡng {{count}}',
      none: 'Không có phân loại nào dưới ngưỡng cảnh báo.',
      open: 'Xem kho hàng',
    },
    lots: {
      title: 'Lô sắp hết hạn',
      lot: 'Lô hàng',
      expiry: 'Hạn sử dụng',
      none: 'Không có lô còn hàng nào đã hết hạn hoặc hết hạn trong 30 ngày tới.',
      open: 'Xem lô hàng',
    },
    certificates: {
      title: 'Chứng nhận OCOP sắp hết hạn',
      expiry: 'Hết hạn',
      none: 'Không có giấy chứng nhận nào đã hết hạn hoặc hết hạn trong 90 ngày tới.',
      open: 'Xem chứng nhận OCOP',
    },
    channels: {
      title: 'Kênh bán',
      pending: 'Thay đổi đang chờ gửi',
      dead: 'Lỗi',
      summary: 'Kênh bán: {{pending}} thay đổi đang chờ, {{dead}} lỗi',
      allSent: 'Mọi thay đổi đã được gửi lên các kênh bán.',
      deadHint: 'Có thay đổi gửi không thành công: mở Kênh bán để xem lý do và gửi lại.',
      open: 'Mở Kênh bán',
    },
  },
  empty: {
    title: 'Chưa có đơn hàng nào trong kỳ này',
    hint: 'Đơn bán tại quầy, đơn qua điện thoại và đơn từ các sàn hiện ở đây khi được xác nhận. Hãy chọn kỳ khác hoặc tạo đơn mới.',
    createOrder: 'Tạo đơn hàng',
    counter: 'Bán tại quầy',
  },
}
