// Words and phrases for generated text (titles, shop names, reviews, memos), with commas, quotes and Chinese.
import { Rng } from './prng';

export interface Noun {
  en: string;
  zh: string;
  /** What a shopper types into the search box for it. */
  keyword: string;
}

export const NOUNS: readonly Noun[] = [
  { en: 'Green tea', zh: '西湖龙井', keyword: 'green tea' },
  { en: 'Bluetooth earbuds', zh: '蓝牙耳机', keyword: '蓝牙耳机' },
  { en: 'Phone case', zh: '手机壳', keyword: 'phone case' },
  { en: 'Face cream', zh: '面霜', keyword: '面霜' },
  { en: 'Running shoes', zh: '跑步鞋', keyword: 'running shoes' },
  { en: 'Rice cooker', zh: '电饭煲', keyword: '电饭煲' },
  { en: 'Down jacket', zh: '羽绒服', keyword: '羽绒服' },
  { en: 'USB-C cable', zh: '数据线', keyword: 'usb c cable' },
  { en: 'Dried mango', zh: '芒果干', keyword: '芒果干' },
  { en: 'Desk lamp', zh: '台灯', keyword: 'desk lamp' },
  { en: 'Yoga mat', zh: '瑜伽垫', keyword: '瑜伽垫' },
  { en: 'Power bank', zh: '充电宝', keyword: 'power bank' },
  { en: 'Lipstick', zh: '口红', keyword: '口红' },
  { en: 'Instant noodles', zh: '方便面', keyword: '方便面' },
  { en: 'Backpack', zh: '双肩包', keyword: 'backpack' },
  { en: 'Smart watch', zh: '智能手表', keyword: '智能手表' },
  { en: 'Baby wipes', zh: '婴儿湿巾', keyword: '湿巾' },
  { en: 'Coffee beans', zh: '咖啡豆', keyword: 'coffee beans' },
  { en: 'T-shirt', zh: '纯棉T恤', keyword: 'T恤' },
  { en: 'Sunscreen', zh: '防晒霜', keyword: '防晒霜' },
  { en: 'Kitchen knife', zh: '菜刀', keyword: 'kitchen knife' },
  { en: 'Dog food', zh: '狗粮', keyword: '狗粮' },
  { en: 'Notebook', zh: '笔记本', keyword: 'notebook' },
  { en: 'Shampoo', zh: '洗发水', keyword: '洗发水' },
];

const BRANDS = [
  'Acme',
  '小米',
  'Northwind',
  '悦享',
  'Golden Leaf',
  '良品',
  'Blue River',
  '三只松鼠',
  'Zenith',
  '花西子',
];
const VARIANTS = ['2025新款', 'Pro', 'Max', '官方正品', 'Lite', '家庭装', 'Mini', '限量版'];
const SIZES = ['250 g', '500 ml', 'L', 'XL', '2 pack', '3件套', '1 kg', '10000mAh'];
const QUALIFIERS = ['slim', 'original', 'eco', '加厚', 'premium', '静音'];

/** A product title; some hold commas, quotes or Chinese so that CSV quoting is exercised. */
export function productTitle(rng: Rng, noun: Noun): string {
  switch (rng.int(0, 3)) {
    case 0:
      return `${rng.pick(BRANDS)} ${noun.zh} ${rng.pick(VARIANTS)}`;
    case 1:
      return `${noun.en}, ${rng.pick(SIZES)}`;
    case 2:
      return `${noun.en} "${rng.pick(QUALIFIERS)}"`;
    default:
      return `${rng.pick(BRANDS)} ${noun.en} ${rng.pick(VARIANTS)}`;
  }
}

const SHOP_PREFIX = [
  'Acme',
  '星辰',
  'Blue River',
  '好运来',
  'Golden Leaf',
  '小鹿',
  'Northwind',
  '悦享',
  'Maple',
  '晨光',
  'Sunrise',
];
const SHOP_SUFFIX = [
  ' 旗舰店',
  ' Official Store',
  ', Tea & Co',
  ' 专营店',
  ' Outlet',
  '的小店',
  ' "Best" Shop',
  ' Trading',
];

export function shopName(rng: Rng, index: number): string {
  return `${rng.pick(SHOP_PREFIX)}${rng.pick(SHOP_SUFFIX)} ${index}`;
}

export const REGIONS = [
  'Zhejiang',
  'Guangdong',
  'Jiangsu',
  'Shanghai',
  'Beijing',
  'Sichuan',
  'Hubei',
  'Fujian',
  'Shandong',
  'Henan',
  'Hunan',
  'Anhui',
  'Hebei',
  'Shaanxi',
  'Chongqing',
  'Yunnan',
];

const POSITIVE = [
  'Great quality, fast delivery.',
  '质量很好，物流也快，好评！',
  'Exactly as described, would buy again',
  'Love it! "Best purchase this year", honestly.',
  '东西不错, 包装完整',
  'Good value for money',
  '宝贝收到了，和描述一致，五星',
  'Works fine, the seller was helpful, thanks',
  '第二次回购了，家人都说好',
  'Nice.\nWould buy again.',
];
const NEUTRAL = [
  'OK, nothing special.',
  '一般般吧，凑合用',
  'Delivery was slow, product is fine',
  'Smaller than I expected, but "fine"',
  '还行，性价比一般',
];
const NEGATIVE = [
  'Broke after two days, very disappointed.',
  '质量太差了，不推荐',
  'Not as described; asked for a refund',
  'Seller never answered, "customer service" is a joke',
  '和图片差别很大，退货了',
  'Arrived damaged.\nReturned it.',
];

/** A review text for a rating; undefined (no text) for about a quarter of reviews. */
export function reviewText(rng: Rng, rating: number): string | undefined {
  if (rng.chance(0.25)) return undefined;
  return rng.pick(rating >= 4 ? POSITIVE : rating === 3 ? NEUTRAL : NEGATIVE);
}

/** Realistic star ratings: mostly 5s and 4s, a few 1-3. */
export function normalRating(rng: Rng): number {
  const x = rng.float();
  return x < 0.55 ? 5 : x < 0.8 ? 4 : x < 0.89 ? 3 : x < 0.94 ? 2 : 1;
}

/** Low ratings that go with a return. */
export function refundRating(rng: Rng): number {
  const x = rng.float();
  return x < 0.5 ? 1 : x < 0.8 ? 2 : 3;
}

/** Short praise a device farm posts. */
export const FARM_TEXTS = ['好评', '五星好评', 'Great!', '很好很好', 'good', '质量不错', '满意', undefined, undefined];

/** Base texts of coordinated-purchase rings; members post near-identical copies. */
const COORD_BASES = [
  '物流很快，质量很好，五星好评！',
  'Very good product, fast shipping, 5 stars!',
  '宝贝很好，和描述一致，推荐购买',
  'Excellent quality, "highly recommend" to everyone',
  '包装精美，性价比高，值得购买',
];
const COORD_ENDINGS = ['', '!', '～', ' 👍', '。', '!!'];

export function coordBase(rng: Rng): string {
  return rng.pick(COORD_BASES);
}

export function coordText(rng: Rng, base: string): string {
  return base + rng.pick(COORD_ENDINGS);
}

export const CASHBACK_MEMOS = ['', '', '', 'thanks', '红包', '返现', '谢谢', '辛苦了'];
export const LUMP_MEMOS = ['', '货款', '周转', 'ok'];
export const REFUND_MEMOS = ['退款', 'refund', '退货退款', 'return', '', '部分退款, 抱歉'];
export const FRIEND_MEMOS = ['dinner', 'AA', '聚餐', 'KTV', '电影票, 谢谢', 'taxi', '"rent" share', '', '奶茶'];
export const FLASH_KEYWORD = '秒杀';
