/**
 * A Vietnamese OCOP catalogue vocabulary for the bench seeder: product families × varieties ×
 * places × qualities, the options (sizes) they are sold in, and the sentences sellers write in
 * descriptions. Combined at 100,000 products, a typed query like "gao st" or "nuoc mam" matches
 * from a few hundred to several thousand products, and a single word ("nuoc") tens of
 * thousands, as in a real provincial catalogue.
 *
 * Changing anything here changes the cached bench database (its key hashes this file).
 */
export interface VariantOption {
  /** Shown as the variant's option label ("Chai 500ml"). */
  readonly label: string
  /** SKU suffix ("500ML"). */
  readonly code: string
  readonly unit: string
  /** Multiplies the family's base price. */
  readonly priceFactor: number
  readonly weightGrams: number | null
}

export interface Family {
  /** SKU prefix. */
  readonly code: string
  /** Ways sellers write the product word ("Chè" or "Trà"). */
  readonly bases: readonly string[]
  readonly varieties: readonly string[]
  readonly places: readonly string[]
  readonly category: string
  /** Base price in đồng of the smallest option. */
  readonly price: readonly [number, number]
  readonly options: readonly VariantOption[]
  /** Sentences specific to the family; {v} is the variety, {p} the place. */
  readonly sentences: readonly string[]
  /** Relative frequency in the catalogue. */
  readonly weight: number
}

const opt = (label: string, code: string, unit: string, priceFactor: number, weightGrams: number | null): VariantOption => ({
  label,
  code,
  unit,
  priceFactor,
  weightGrams,
})

const BOTTLES = [opt('Chai 250ml', '250ML', 'chai', 1, 400), opt('Chai 500ml', '500ML', 'chai', 1.8, 750), opt('Chai 1 lít', '1L', 'chai', 3.3, 1300), opt('Can 2 lít', '2L', 'can', 6, 2300)]
const JARS = [opt('Hũ 250g', '250G', 'hũ', 1, 350), opt('Hũ 500g', '500G', 'hũ', 1.9, 650), opt('Hũ 1kg', '1KG', 'hũ', 3.6, 1250)]
const BAGS = [opt('Túi 1kg', '1KG', 'túi', 1, 1000), opt('Túi 2kg', '2KG', 'túi', 1.9, 2000), opt('Túi 5kg', '5KG', 'túi', 4.6, 5000), opt('Bao 10kg', '10KG', 'bao', 9, 10000)]
const PACKS = [opt('Gói 100g', '100G', 'gói', 1, 100), opt('Gói 200g', '200G', 'gói', 1.9, 200), opt('Hộp 500g', '500G', 'hộp', 4.5, 550)]
const BOXES = [opt('Hộp 200g', '200G', 'hộp', 1, 250), opt('Hộp 500g', '500G', 'hộp', 2.3, 550), opt('Hộp quà 1kg', 'QUA1KG', 'hộp', 4.8, 1100)]
const FRUIT = [opt('1 kg', '1KG', 'kg', 1, 1000), opt('Thùng 5kg', '5KG', 'thùng', 4.7, 5000), opt('Thùng 10kg', '10KG', 'thùng', 9, 10000)]
const PIECES = [opt('Cỡ nhỏ', 'S', 'cái', 1, 500), opt('Cỡ vừa', 'M', 'cái', 1.6, 900), opt('Cỡ lớn', 'L', 'cái', 2.5, 1500)]
const SETS = [opt('Bộ 6 món', 'B6', 'bộ', 1, 1500), opt('Bộ 10 món', 'B10', 'bộ', 1.6, 2500)]
const SPIRITS = [opt('Chai 500ml', '500ML', 'chai', 1, 800), opt('Bình 2 lít', '2L', 'bình', 3.5, 2600), opt('Bình gốm 5 lít', '5L', 'bình', 8, 6500)]
const TOURS = [opt('Người lớn', 'NL', 'vé', 1, null), opt('Trẻ em', 'TE', 'vé', 0.6, null), opt('Nhóm 10 người', 'N10', 'gói', 8.5, null)]
const PLANTS = [opt('Chậu nhỏ', 'CN', 'chậu', 1, 1500), opt('Chậu lớn', 'CL', 'chậu', 2.2, 5000)]

export const FAMILIES: readonly Family[] = [
  {
    code: 'NM',
    bases: ['Nước mắm'],
    varieties: ['cá cơm', 'nhĩ', 'cá cơm 40 độ đạm', 'truyền thống', 'cá cơm than', 'cốt', 'rươi', 'cá linh'],
    places: ['Phú Quốc', 'Cát Hải', 'Nam Ô', 'Phan Thiết', 'Sa Châu', 'Cửa Hội', 'Vạn Phần', 'Lý Sơn'],
    category: 'ocop.food',
    price: [45_000, 120_000],
    options: BOTTLES,
    sentences: ['Nước mắm {v} ủ chượp trong thùng gỗ từ 12 đến 18 tháng.', 'Cá tươi đánh bắt ở vùng biển {p}, chỉ ủ với muối hạt.', 'Không chất bảo quản, không phẩm màu, độ đạm tự nhiên.'],
    weight: 6,
  },
  {
    code: 'MO',
    bases: ['Mật ong'],
    varieties: ['hoa nhãn', 'hoa cà phê', 'rừng', 'bạc hà', 'hoa vải', 'U Minh', 'hoa keo', 'ruồi'],
    places: ['Hưng Yên', 'Hà Giang', 'Đắk Lắk', 'Cà Mau', 'Bắc Giang', 'Sơn La', 'Gia Lai'],
    category: 'ocop.food',
    price: [90_000, 250_000],
    options: JARS,
    sentences: ['Mật ong {v} nguyên chất, khai thác từ các đàn ong nuôi tại {p}.', 'Mật sánh, thơm mùi hoa, đạt chuẩn an toàn thực phẩm.', 'Bảo quản nơi khô ráo, tránh ánh nắng trực tiếp.'],
    weight: 6,
  },
  {
    code: 'GAO',
    bases: ['Gạo'],
    varieties: ['ST25', 'ST24', 'tám thơm', 'nếp cái hoa vàng', 'lứt đỏ', 'Séng Cù', 'tám Điện Biên', 'Bắc Hương', 'nàng thơm Chợ Đào', 'nếp Tú Lệ'],
    places: ['Sóc Trăng', 'Điện Biên', 'Nam Định', 'Lào Cai', 'Long An', 'Yên Bái', 'Thái Bình'],
    category: 'ocop.food',
    price: [28_000, 60_000],
    options: BAGS,
    sentences: ['Gạo {v} trồng theo quy trình VietGAP tại {p}.', 'Hạt gạo dẻo, thơm, cơm để nguội vẫn mềm.', 'Đóng túi hút chân không, ghi rõ ngày xay xát.'],
    weight: 7,
  },
  {
    code: 'CHE',
    bases: ['Chè', 'Trà'],
    varieties: ['Shan tuyết', 'Shan tuyết cổ thụ', 'Tân Cương', 'ô long', 'sen', 'xanh', 'móc câu', 'búp', 'vàng'],
    places: ['Hà Giang', 'Thái Nguyên', 'Suối Giàng', 'Mộc Châu', 'Lâm Đồng', 'Phú Thọ', 'Tà Xùa'],
    category: 'ocop.beverage',
    price: [60_000, 400_000],
    options: PACKS,
    sentences: ['Chè {v} hái một tôm hai lá trên các đồi chè {p}.', 'Sao bằng chảo gang theo cách làm truyền thống.', 'Nước trà xanh vàng, vị chát dịu, hậu ngọt.'],
    weight: 7,
  },
  {
    code: 'BUOI',
    bases: ['Bưởi'],
    varieties: ['Diễn', 'da xanh', 'Phúc Trạch', 'Năm Roi', 'Đoan Hùng', 'đường lá cam'],
    places: ['Hà Nội', 'Bến Tre', 'Hà Tĩnh', 'Vĩnh Long', 'Phú Thọ', 'Biên Hòa'],
    category: 'ocop.food',
    price: [35_000, 90_000],
    options: FRUIT,
    sentences: ['Bưởi {v} chín cây, vỏ mỏng, múi mọng nước.', 'Vườn bưởi tại {p} chăm bón hữu cơ.'],
    weight: 3,
  },
  {
    code: 'NHAN',
    bases: ['Nhãn'],
    varieties: ['lồng', 'lồng sấy khô', 'xuồng cơm vàng', 'tiêu da bò', 'chín sớm'],
    places: ['Hưng Yên', 'Sơn La', 'Bến Tre', 'Đồng Tháp'],
    category: 'ocop.food',
    price: [40_000, 150_000],
    options: FRUIT,
    sentences: ['Nhãn {v} cùi dày, ráo nước, ngọt đậm.', 'Thu hái tại vườn nhãn {p}, đóng thùng trong ngày.'],
    weight: 3,
  },
  {
    code: 'MIEN',
    bases: ['Miến dong', 'Miến'],
    varieties: ['Bình Liêu', 'Cự Đà', 'Việt Cường', 'Tân Hợp', 'sợi nhỏ'],
    places: ['Quảng Ninh', 'Hà Nội', 'Yên Bái', 'Bắc Kạn'],
    category: 'ocop.food',
    price: [55_000, 120_000],
    options: PACKS,
    sentences: ['Miến làm từ củ dong riềng {p}, phơi nắng tự nhiên.', 'Sợi miến dai, không bở khi nấu, không chất tẩy trắng.'],
    weight: 3,
  },
  {
    code: 'TUONG',
    bases: ['Tương'],
    varieties: ['Bần', 'Cự Đà', 'Nam Đàn', 'nếp', 'ớt'],
    places: ['Hưng Yên', 'Hà Nội', 'Nghệ An'],
    category: 'ocop.food',
    price: [25_000, 60_000],
    options: BOTTLES,
    sentences: ['Tương {v} làm từ đậu tương, gạo nếp và muối, phơi trong chum sành.', 'Dùng chấm rau muống, nấu các món kho.'],
    weight: 2,
  },
  {
    code: 'CF',
    bases: ['Cà phê'],
    varieties: ['Robusta', 'Arabica', 'rang xay', 'hạt rang mộc', 'phin giấy', 'Culi', 'Moka'],
    places: ['Buôn Ma Thuột', 'Cầu Đất', 'Khe Sanh', 'Sơn La', 'Đắk Nông', 'Gia Lai'],
    category: 'ocop.beverage',
    price: [80_000, 300_000],
    options: BOXES,
    sentences: ['Cà phê {v} trồng ở độ cao trên 500 mét tại {p}.', 'Rang mộc, không tẩm bơ, không hương liệu.', 'Pha phin hoặc pha máy đều ngon.'],
    weight: 5,
  },
  {
    code: 'DIEU',
    bases: ['Hạt điều'],
    varieties: ['rang muối', 'vỏ lụa', 'tẩm mật ong', 'sấy giòn', 'loại W240'],
    places: ['Bình Phước', 'Đồng Nai', 'Bình Dương'],
    category: 'ocop.food',
    price: [120_000, 350_000],
    options: JARS,
    sentences: ['Hạt điều {v} chọn hạt to đều, rang củi thơm.', 'Điều từ vườn {p}, đóng hũ kín.'],
    weight: 3,
  },
  {
    code: 'NAM',
    bases: ['Nấm hương', 'Nấm'],
    varieties: ['rừng', 'khô', 'linh chi đỏ', 'lim xanh', 'mộc nhĩ', 'đông cô'],
    places: ['Lào Cai', 'Cao Bằng', 'Quảng Nam', 'Sa Pa', 'Bắc Kạn'],
    category: 'ocop.food',
    price: [90_000, 600_000],
    options: PACKS,
    sentences: ['Nấm {v} thu hái và sấy khô tại {p}.', 'Ngâm nước ấm 20 phút trước khi chế biến.'],
    weight: 3,
  },
  {
    code: 'MANG',
    bases: ['Măng khô', 'Măng'],
    varieties: ['nứa', 'vầu', 'lưỡi lợn', 'sặt', 'tre Bát Độ'],
    places: ['Bắc Kạn', 'Lạng Sơn', 'Thanh Hóa', 'Yên Bái'],
    category: 'ocop.food',
    price: [120_000, 400_000],
    options: PACKS,
    sentences: ['Măng {v} rừng {p}, luộc kỹ rồi phơi khô.', 'Không lưu huỳnh, không chất bảo quản.'],
    weight: 2,
  },
  {
    code: 'RUOU',
    bases: ['Rượu'],
    varieties: ['ngô men lá', 'nếp cái hoa vàng', 'Bàu Đá', 'Kim Sơn', 'táo mèo', 'sim', 'mơ', 'nếp cẩm', 'Làng Vân'],
    places: ['Bắc Hà', 'Ninh Bình', 'Bình Định', 'Yên Bái', 'Phú Quốc', 'Bắc Giang'],
    category: 'ocop.beverage',
    price: [70_000, 250_000],
    options: SPIRITS,
    sentences: ['Rượu {v} nấu thủ công, hạ thổ trong chum sành.', 'Men lá gia truyền của đồng bào {p}.', 'Sản phẩm dành cho người trên 18 tuổi.'],
    weight: 4,
  },
  {
    code: 'GOM',
    bases: ['Gốm Bát Tràng', 'Gốm'],
    varieties: ['bình hoa men lam', 'bộ ấm chén men rạn', 'đĩa trang trí', 'lọ hoa men hoa biến', 'bát đĩa men ngọc', 'chum'],
    places: ['Bát Tràng', 'Chu Đậu', 'Phù Lãng', 'Bàu Trúc'],
    category: 'ocop.handicraft',
    price: [150_000, 1_500_000],
    options: PIECES,
    sentences: ['Gốm {v} nặn và vẽ tay bởi nghệ nhân làng {p}.', 'Nung ở nhiệt độ 1.200 độ C, an toàn khi dùng đựng thực phẩm.'],
    weight: 4,
  },
  {
    code: 'MAY',
    bases: ['Mây tre đan', 'Mây tre'],
    varieties: ['giỏ xách', 'khay đựng', 'đèn trang trí', 'hộp đựng đồ', 'làn đi chợ', 'giỏ quà Tết'],
    places: ['Phú Vinh', 'Ninh Sở', 'Xuân Lai', 'Bao La'],
    category: 'ocop.handicraft',
    price: [80_000, 700_000],
    options: PIECES,
    sentences: ['Mây tre {v} đan tay tại làng nghề {p}.', 'Nguyên liệu được luộc, sấy và chống mốc tự nhiên.'],
    weight: 3,
  },
  {
    code: 'LUA',
    bases: ['Lụa Vạn Phúc', 'Lụa tơ tằm', 'Lụa'],
    varieties: ['khăn choàng', 'áo dài', 'vải may', 'khăn vuông', 'cà vạt'],
    places: ['Vạn Phúc', 'Nha Xá', 'Bảo Lộc', 'Mã Châu'],
    category: 'ocop.handicraft',
    price: [250_000, 3_000_000],
    options: PIECES,
    sentences: ['Lụa {v} dệt từ tơ tằm tự nhiên tại {p}.', 'Giặt tay bằng nước lạnh, phơi trong bóng râm.'],
    weight: 2,
  },
  {
    code: 'BANH',
    bases: ['Bánh'],
    varieties: ['pía sầu riêng', 'đa nem', 'cốm', 'gai', 'đậu xanh', 'tráng phơi sương', 'phu thê', 'khảo'],
    places: ['Sóc Trăng', 'Làng Chều', 'Hà Nội', 'Ninh Giang', 'Hải Dương', 'Trảng Bàng', 'Đình Bảng'],
    category: 'ocop.food',
    price: [30_000, 150_000],
    options: BOXES,
    sentences: ['Bánh {v} làm thủ công theo công thức gia truyền ở {p}.', 'Dùng trong 30 ngày kể từ ngày sản xuất.'],
    weight: 5,
  },
  {
    code: 'KEO',
    bases: ['Kẹo'],
    varieties: ['dừa', 'lạc', 'cu đơ', 'gương', 'mè xửng', 'dồi'],
    places: ['Bến Tre', 'Hà Tĩnh', 'Huế', 'Nam Định'],
    category: 'ocop.food',
    price: [25_000, 90_000],
    options: BOXES,
    sentences: ['Kẹo {v} nấu từ đường mía và nguyên liệu {p}.', 'Đóng gói từng viên, tiện làm quà.'],
    weight: 3,
  },
  {
    code: 'CHA',
    bases: ['Chả'],
    varieties: ['cá Lã Vọng', 'mực Hạ Long', 'cá thác lác', 'giò lụa', 'quế'],
    places: ['Hà Nội', 'Quảng Ninh', 'Hậu Giang', 'Ước Lễ'],
    category: 'ocop.food',
    price: [90_000, 450_000],
    options: PACKS,
    sentences: ['Chả {v} giã tay, không hàn the.', 'Bảo quản ngăn đá, dùng trong 3 tháng.'],
    weight: 3,
  },
  {
    code: 'MAM',
    bases: ['Mắm'],
    varieties: ['tôm', 'tép', 'ruốc', 'cá linh', 'cá sặc', 'tôm chua'],
    places: ['Ba Làng', 'Châu Đốc', 'Huế', 'Thanh Hóa', 'Cà Mau'],
    category: 'ocop.food',
    price: [30_000, 120_000],
    options: JARS,
    sentences: ['Mắm {v} làm theo cách truyền thống ở {p}.', 'Dùng kèm nước mắm, bún đậu hoặc thịt luộc.'],
    weight: 3,
  },
  {
    code: 'GIAVI',
    bases: ['Tiêu', 'Muối', 'Ớt'],
    varieties: ['đen', 'sọ', 'tôm', 'ớt xanh', 'bột', 'hồng Himalaya', 'chỉ thiên'],
    places: ['Phú Quốc', 'Tây Ninh', 'Chư Sê', 'Quảng Ngãi', 'Bạc Liêu'],
    category: 'ocop.food',
    price: [20_000, 150_000],
    options: JARS,
    sentences: ['Gia vị {v} sạch, xay mới từ nguyên liệu {p}.', 'Đậy kín nắp sau khi dùng.'],
    weight: 3,
  },
  {
    code: 'DL',
    bases: ['Sâm Ngọc Linh', 'Đông trùng hạ thảo', 'Cao Actiso', 'Trà Actiso', 'Tinh dầu sả', 'Tinh bột nghệ', 'Cao lá vối'],
    varieties: ['nguyên củ', 'sấy thăng hoa', 'dạng viên', 'nguyên chất', 'túi lọc', 'hữu cơ'],
    places: ['Kon Tum', 'Đà Lạt', 'Quảng Nam', 'Hòa Bình', 'Nghệ An'],
    category: 'ocop.herbal',
    price: [60_000, 2_500_000],
    options: BOXES,
    sentences: ['Dược liệu {v} trồng và chế biến tại {p}.', 'Thực phẩm này không phải là thuốc, không thay thế thuốc chữa bệnh.'],
    weight: 4,
  },
  {
    code: 'CAY',
    bases: ['Lan hồ điệp', 'Bonsai', 'Cây cảnh', 'Đào thế', 'Quất cảnh'],
    varieties: ['ba cành', 'mini để bàn', 'dáng trực', 'dáng huyền', 'thế cổ'],
    places: ['Nhật Tân', 'Sa Đéc', 'Đà Lạt', 'Văn Giang'],
    category: 'ocop.ornamental',
    price: [150_000, 2_000_000],
    options: PLANTS,
    sentences: ['Cây {v} được chăm tại vườn {p}, giao kèm chậu.', 'Đặt nơi có ánh sáng tán xạ, tưới vừa đủ ẩm.'],
    weight: 2,
  },
  {
    code: 'TOUR',
    bases: ['Tour trải nghiệm', 'Du lịch cộng đồng'],
    varieties: ['làng nghề', 'bản Thái', 'miệt vườn', 'làng chài', 'homestay'],
    places: ['Mai Châu', 'Sa Pa', 'Cồn Sơn', 'Pù Luông', 'Hội An', 'Đồng Văn'],
    category: 'ocop.tourism',
    price: [150_000, 900_000],
    options: TOURS,
    sentences: ['Một ngày trải nghiệm {v} cùng người dân {p}.', 'Giá đã gồm hướng dẫn viên địa phương và bữa trưa.'],
    weight: 2,
  },
  {
    code: 'SAY',
    bases: ['Mứt', 'Xoài sấy', 'Chuối sấy', 'Mít sấy', 'Mơ sấy'],
    varieties: ['gừng', 'dừa non', 'dẻo', 'giòn', 'không đường', 'muối ớt'],
    places: ['Đồng Tháp', 'Tiền Giang', 'Mộc Châu', 'Huế', 'Hà Nội'],
    category: 'ocop.food',
    price: [35_000, 120_000],
    options: PACKS,
    sentences: ['Trái cây {p} sấy lạnh, giữ màu và vị tự nhiên.', 'Không phẩm màu, ít đường.'],
    weight: 3,
  },
  {
    code: 'KHO',
    bases: ['Cá khô', 'Tôm khô', 'Mực khô', 'Thịt trâu gác bếp', 'Lạp xưởng'],
    varieties: ['loại 1', 'một nắng', 'xé sợi', 'tươi ngon', 'đặc biệt'],
    places: ['Phan Thiết', 'Cà Mau', 'Điện Biên', 'Sóc Trăng', 'Hạ Long'],
    category: 'ocop.food',
    price: [120_000, 900_000],
    options: PACKS,
    sentences: ['Đặc sản {p}, phơi khô tự nhiên.', 'Hút chân không, bảo quản ngăn mát.'],
    weight: 3,
  },
  {
    code: 'DAU',
    bases: ['Dầu lạc', 'Dầu dừa', 'Dầu mè', 'Nước cốt dừa', 'Nước yến'],
    varieties: ['ép lạnh', 'nguyên chất', 'hữu cơ', 'đóng chai', 'sào'],
    places: ['Nghệ An', 'Bến Tre', 'Khánh Hòa', 'Quảng Nam'],
    category: 'ocop.food',
    price: [45_000, 250_000],
    options: BOTTLES,
    sentences: ['Ép từ nguyên liệu {p} theo phương pháp {v}.', 'Đóng chai thủy tinh, bảo quản nơi thoáng mát.'],
    weight: 3,
  },
  {
    code: 'DET',
    bases: ['Nón lá', 'Thổ cẩm', 'Chổi đót', 'Chiếu cói'],
    varieties: ['bài thơ', 'khăn', 'túi xách', 'cán dài', 'hoa văn'],
    places: ['Huế', 'Mai Châu', 'Kim Sơn', 'Nga Sơn', 'Tây Bắc'],
    category: 'ocop.handicraft',
    price: [40_000, 600_000],
    options: PIECES,
    sentences: ['Làm thủ công bởi phụ nữ {p}.', 'Mỗi sản phẩm là một món duy nhất.'],
    weight: 2,
  },
  {
    code: 'BO',
    bases: ['Bộ quà Tết', 'Giỏ quà'],
    varieties: ['đặc sản', 'OCOP', 'sum vầy', 'an khang'],
    places: ['ba miền', 'Tây Bắc', 'miền Tây'],
    category: 'Quà tặng',
    price: [300_000, 2_000_000],
    options: SETS,
    sentences: ['Bộ quà gồm các đặc sản {p} đạt chuẩn OCOP.', 'Có thiệp chúc Tết và túi xách kèm theo.'],
    weight: 1,
  },
]

/** Words that sellers append to names; most names carry none. */
export const QUALITIES = ['', '', '', '', 'đặc biệt', 'loại 1', 'hữu cơ', 'nguyên chất', 'OCOP 4 sao', 'OCOP 3 sao', 'cao cấp', 'gia truyền', 'thượng hạng']

/** Sentences any seller may add. */
export const GENERIC_SENTENCES = [
  'Sản phẩm đạt chứng nhận OCOP {s} sao.',
  'Giao hàng toàn quốc, đóng gói cẩn thận.',
  'Hàng chính gốc từ hợp tác xã, có truy xuất nguồn gốc bằng mã QR.',
  'Phù hợp làm quà biếu dịp lễ Tết.',
  'Liên hệ để được giá sỉ cho đại lý.',
  'Sản xuất theo tiêu chuẩn VietGAP.',
  '',
  '',
]

/** Seller name parts: "HTX Nông nghiệp Dương Xá", "Hộ kinh doanh Nguyễn Thị Hoa". */
export const SELLER_PREFIXES = [
  { kind: 'cooperative', text: 'HTX Nông nghiệp' },
  { kind: 'cooperative', text: 'HTX Dịch vụ' },
  { kind: 'cooperative', text: 'Hợp tác xã' },
  { kind: 'household', text: 'Hộ kinh doanh' },
  { kind: 'enterprise', text: 'Công ty TNHH' },
  { kind: 'cooperative_group', text: 'Tổ hợp tác' },
] as const
export const FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ']
export const GIVEN_NAMES = ['Văn Hùng', 'Thị Hoa', 'Thị Lan', 'Đức Thành', 'Minh Tâm', 'Quang Hải', 'Thị Mai', 'Văn Đông']
export const LOCALITIES = ['Dương Xá', 'Kim Sơn', 'Tân Cương', 'Bắc Hà', 'Mai Châu', 'Phú Vinh', 'Cửa Hội', 'Đồng Văn', 'Hòa Bình', 'Tam Nông', 'Cẩm Khê', 'An Lạc']

/**
 * What people type in the search box, without diacritics: whole words and words still being
 * typed ("nuoc ma"). SKU lookups are added by the bench from the seeded database.
 */
export const TYPED_QUERIES = [
  'nuoc mam',
  'nuoc ma',
  'nuoc mam phu quoc',
  'nuoc mam ca com',
  'mat ong',
  'mat o',
  'mat ong rung',
  'mat ong hoa nhan',
  'gao st',
  'gao st25',
  'gao tam thom',
  'gao nep',
  'tra sh',
  'che shan tuyet',
  'che tan cuong',
  'tra o long',
  'buoi dien',
  'buoi da xanh',
  'nhan long',
  'nhan long hung yen',
  'mien dong',
  'mien dong binh lieu',
  'tuong ban',
  'ca phe',
  'ca phe robusta',
  'ca phe buon ma',
  'hat dieu',
  'hat dieu rang muoi',
  'nam huong',
  'nam linh chi',
  'mang kho',
  'ruou',
  'ruou ngo bac ha',
  'ruou tao meo',
  'gom bat trang',
  'gom bat tr',
  'bat trang',
  'may tre',
  'may tre dan',
  'lua van phuc',
  'lua to tam',
  'banh pia',
  'banh da nem',
  'keo dua',
  'cha ca',
  'mam tom',
  'tieu den',
  'sam ngoc linh',
  'dong trung ha thao',
  'lan ho diep',
  'tour trai nghiem',
  'xoai say',
  'muc kho',
  'nuoc yen',
  'non la',
  'hung yen',
  'ha giang',
  'phu quoc',
  'huu co',
  'dac biet',
  '500ml',
  'hu 1kg',
]
