/**
 * Vietnamese words of "Báo cáo" (the reports a manager opens and downloads), "Số liệu gửi xã"
 * (the seller's signed figures for the commune) and "Điều phối xã" (the coordinator who adds them
 * up). Merged into `vi` under `reports`; `reports.en.ts` has the same keys. A report's own
 * headers come from the backend in the language asked for; channel, method and seller-kind names
 * come from the orders, payments and seller catalogues.
 */
export const reportsVi = {
  title: 'Báo cáo',
  tabs: {
    label: 'Phần báo cáo',
    reports: 'Báo cáo',
    bundle: 'Số liệu gửi xã',
  },
  picker: {
    label: 'Chọn báo cáo',
    groups: {
      sales: 'Bán hàng',
      money: 'Tiền',
      stock: 'Kho',
      ocop: 'OCOP',
    },
  },
  kinds: {
    sales_by_product: 'Doanh thu theo sản phẩm',
    sales_by_variant: 'Doanh thu theo phân loại',
    sales_by_channel: 'Doanh thu theo kênh bán',
    sales_by_customer: 'Doanh thu theo khách hàng',
    sales_by_seller: 'Doanh thu theo hộ thành viên',
    payments: 'Thu tiền và hoàn tiền',
    stock_valuation: 'Giá trị tồn kho',
    stock_movements: 'Nhập xuất tồn',
    ocop_certificates: 'Lịch chứng nhận OCOP',
  },
  /** Reports that do not follow the period say what they show instead. */
  noPeriod: {
    stock_valuation: 'Tồn kho tính đến hôm nay, không theo kỳ.',
    ocop_certificates: 'Giấy chứng nhận mới nhất của mọi sản phẩm đang bán, không theo kỳ.',
  },
  empty: {
    period: 'Không có số liệu trong kỳ này. Hãy chọn kỳ khác.',
    stock_valuation: 'Kho đang trống: chưa có phân loại nào còn hàng.',
    ocop_certificates: 'Chưa có sản phẩm nào có giấy chứng nhận OCOP.',
  },
  downloadXlsx: 'Tải Excel',
  downloadPdf: 'Tải PDF',
  downloaded: 'Đã tải tệp {{fileName}}',
  updating: 'Đang cập nhật…',
  loadFailed: 'Không tải được báo cáo: {{reason}}',
  pageRange: '{{from}}–{{to}} / {{total}} dòng',
  /** One seller's figures, as the bundle carries them (docs/reports.md, "Commune indicators"). */
  figures: {
    onlineSellers: {
      title: 'Cơ sở bán hàng trực tuyến',
      hint: 'Chủ thể có sản phẩm bán qua kênh trực tuyến trong kỳ, hoặc đang đăng bán trên một kênh.',
      cooperatives: 'Hợp tác xã',
      households: 'Hộ kinh doanh',
      enterprises: 'Doanh nghiệp',
      groups: 'Tổ hợp tác',
    },
    ocop: {
      title: 'Sản phẩm OCOP còn hiệu lực',
      hint: 'Tính vào ngày cuối kỳ, mỗi sản phẩm một lần theo hạng sao cao nhất.',
      listedOn: 'Đang đăng bán trên {{channel}}',
      platforms: {
        shopee: 'Shopee',
        lazada: 'Lazada',
        tiktok: 'TikTok Shop',
        ntm_portal: 'cổng NTM/OCOP',
        file_export: 'sàn khác (đăng bằng tệp)',
      },
    },
    products: {
      title: 'Sản phẩm',
      active: 'Đang kinh doanh',
      withTraceability: 'Có truy xuất nguồn gốc',
      listedOnline: 'Đang bán trực tuyến',
    },
    sales: {
      title: 'Đơn hàng và doanh thu thuần theo kênh bán',
      channel: 'Kênh bán',
      online: 'Trực tuyến',
      orders: 'Số đơn',
      net: 'Doanh thu thuần',
      total: 'Tổng cộng',
      none: 'Không có đơn nào trong kỳ.',
      ecommerceShare: 'Tỷ lệ doanh thu trực tuyến',
    },
    collections: {
      title: 'Tiền thu theo hình thức',
      method: 'Hình thức',
      amount: 'Số tiền (đã trừ hoàn tiền)',
      cashlessShare: 'Tỷ lệ không dùng tiền mặt',
    },
  },
  bundle: {
    intro:
      'Cán bộ xã tổng hợp số liệu bán hàng của các hợp tác xã, hộ kinh doanh để báo cáo lên huyện, thành phố. Tệp số liệu chỉ chứa các con số tổng hợp của kỳ (đơn hàng và doanh thu theo kênh bán, sản phẩm OCOP, hình thức thanh toán), không có thông tin khách hàng; ứng dụng ký tệp để xã biết tệp do chính máy này tạo và không bị sửa trên đường gửi.',
    fingerprint: {
      title: 'Dấu khóa của máy này',
      hint: 'Lần đầu gửi số liệu, hãy đọc dấu khóa này cho cán bộ xã qua điện thoại để họ đối chiếu với dấu khóa hiện trong ứng dụng của họ. Những lần sau không cần đọc lại.',
      copy: 'Sao chép dấu khóa',
      copied: 'Đã sao chép dấu khóa',
      copyFailed: 'Không sao chép được; hãy chép tay dấu khóa.',
      loadFailed: 'Không đọc được dấu khóa: {{reason}}',
    },
    make: {
      title: 'Tạo tệp số liệu',
      periodHint: 'Chọn đúng kỳ mà xã yêu cầu: báo cáo xã chỉ cộng các tệp có cùng kỳ.',
      button: 'Tạo tệp số liệu',
      created: 'Đã tạo tệp {{fileName}}. Hãy gửi tệp này cho cán bộ xã (qua Zalo, email hoặc USB).',
      noSeller: 'Chưa có thông tin chủ thể: hãy nhập thông tin hợp tác xã trong mục Chủ thể trước.',
      failed: 'Không tạo được tệp số liệu: {{reason}}',
    },
    sent: {
      title: 'Số liệu trong tệp vừa tạo',
      file: 'Tệp {{fileName}}, kỳ {{from}} – {{to}}',
    },
  },
  commune: {
    title: 'Điều phối xã',
    intro:
      'Dành cho cán bộ xã phụ trách thương mại điện tử: nhập các tệp số liệu do hợp tác xã, hộ kinh doanh gửi (qua Zalo, USB…). Ứng dụng kiểm tra chữ ký của từng tệp rồi cộng lại thành báo cáo của xã, không phải gõ lại số liệu.',
    periodHint: 'Báo cáo xã chỉ cộng các tệp có đúng kỳ này.',
    import: {
      title: 'Nhập tệp số liệu',
      drop: 'Kéo thả tệp số liệu (.json) vào đây hoặc bấm để chọn',
      dropHint: 'Chọn được nhiều tệp một lần. Tệp gửi lại cho cùng kỳ sẽ thay tệp cũ, không bị cộng hai lần.',
      progress: 'Đang kiểm tra {{done}}/{{total}} tệp…',
      file: 'Tệp',
      outcome: 'Kết quả',
      detail: 'Chi tiết',
      resultsLabel: 'Kết quả nhập tệp',
      seller: '{{seller}}, kỳ {{from}} – {{to}}',
      notSent: 'Chưa nhập được',
      otherPeriod: 'Tệp thuộc kỳ khác với kỳ đang xem.',
      showPeriod: 'Xem kỳ {{from}} – {{to}}',
      failed: 'Không gửi được tệp để kiểm tra: {{reason}}',
    },
    outcomes: {
      imported: 'Đã nhập',
      replaced: 'Đã thay bản cũ',
      unchanged: 'Đã có, không đổi',
      refused: 'Bị từ chối',
    },
    refusals: {
      bundle_not_json:
        'Không đọc được nội dung tệp: tệp có thể bị hỏng, gửi chưa hết, hoặc không phải tệp số liệu. Hãy xin người bán gửi lại tệp gốc.',
      bundle_format:
        'Không phải tệp số liệu của Gian hàng số OCOP, hoặc do một phiên bản mới hơn tạo ra mà máy này chưa đọc được (hãy cập nhật ứng dụng).',
      bundle_invalid: 'Tệp thiếu hoặc sai một số mục nên không dùng được. Hãy xin người bán tạo lại tệp bằng ứng dụng.',
      bundle_key: 'Tệp không mang khóa ký hợp lệ nên không kiểm tra được nguồn gốc. Hãy xin người bán tạo lại tệp bằng ứng dụng.',
      bundle_tampered: 'Tệp đã bị sửa sau khi ứng dụng của người bán ký: không dùng được. Hãy xin người bán gửi lại.',
      bundle_other_key:
        'Tệp ký bằng khóa khác với khóa đã nhận trước đây từ cơ sở này, nên có thể không do máy của cơ sở đó tạo. Không nhập tệp này; hãy gọi điện cho người bán để đối chiếu dấu khóa.',
      empty: 'Tệp rỗng.',
      too_large: 'Tệp quá lớn để là tệp số liệu (tối đa {{maxMb}} MB).',
      unknown: 'Tệp không dùng được. Hãy xin người bán gửi lại.',
    },
    bundles: {
      title: 'Số liệu đã nhận cho kỳ {{from}} – {{to}}',
      count: '{{count}} cơ sở đã gửi số liệu',
      seller: 'Cơ sở',
      taxCode: 'MST {{taxCode}}',
      fingerprint: 'Dấu khóa',
      orders: 'Số đơn',
      net: 'Doanh thu thuần',
      onlineShare: 'Tỷ lệ trực tuyến',
      importedAt: 'Nhập lúc',
      total: 'Tổng cộng',
      remove: 'Xóa số liệu của {{seller}}',
      removeConfirm: 'Xóa số liệu của {{seller}} cho kỳ này? Báo cáo xã sẽ không tính cơ sở này cho đến khi nhập lại tệp.',
      removeOk: 'Xóa',
      removed: 'Đã xóa số liệu của {{seller}}',
      empty: 'Chưa có cơ sở nào gửi số liệu cho kỳ này.',
      loadFailed: 'Không tải được danh sách số liệu: {{reason}}',
      details: 'Xem số liệu của {{seller}}',
    },
    otherPeriods: {
      title: 'Có số liệu của kỳ khác.',
      hint: 'Báo cáo xã chỉ cộng các tệp có đúng kỳ đang chọn. Bấm vào một kỳ để xem:',
      item: '{{from}} – {{to}} ({{count}} cơ sở)',
    },
    downloadXlsx: 'Tải báo cáo xã (Excel)',
    downloadPdf: 'Tải báo cáo xã (PDF)',
    downloaded: 'Đã tải báo cáo xã {{fileName}}',
    noBundles:
      'Chưa có cơ sở nào gửi số liệu đúng kỳ {{from}} – {{to}}, nên chưa lập được báo cáo xã. Hãy nhập tệp của kỳ này, hoặc chọn kỳ mà các cơ sở đã gửi.',
    exportFailed: 'Không tạo được báo cáo xã: {{reason}}',
  },
}
