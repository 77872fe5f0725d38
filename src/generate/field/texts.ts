// Review texts for the field generator: genuine ones composed from many parts, and the templates rings paste.
import { Rng } from '../prng';
import { Noun } from '../vocabulary';

const OPENERS_GOOD = [
  'Really happy with this',
  'Pleasantly surprised',
  '收到了',
  'Second time buying',
  '给家里人买的',
  'Bought it for my commute',
  '用了一周',
  'My daughter loves it',
  'Arrived in three days',
  '朋友推荐的',
];
const OPENERS_MEH = ['Mixed feelings', '一般', 'It is okay', 'Not bad, not great', '凑合', 'Expected a bit more'];
const OPENERS_BAD = ['Disappointed', '太失望了', 'Would not recommend', 'Returned it', '差评', 'Waste of money'];
const ASPECTS = [
  'the packaging',
  'the colour',
  'the size',
  'the smell',
  'delivery',
  'the price',
  '做工',
  '手感',
  '包装',
  '客服',
  'the battery',
  'the stitching',
  'the taste',
  'the instructions',
];
const VERDICTS_GOOD = [
  'is better than the photos',
  'was just right',
  'feels solid',
  '很满意',
  'exceeded what I paid for',
  '没有色差',
  'matched the description',
  '挺好的',
];
const VERDICTS_MEH = ['could be better', 'is average', '一般般', 'was a little off', 'is fine for the price'];
const VERDICTS_BAD = ['was awful', '很差', 'broke quickly', 'looked nothing like the listing', '有异味', 'was missing'];
const CLOSERS = [
  '',
  '',
  '',
  ' Will see how it lasts.',
  ' 会回购。',
  ' Thanks to the seller.',
  ' 物流有点慢。',
  ' Gave one to my neighbour too.',
  ' Fits my desk.',
  ' Good for gifts.',
];
/** Short texts real shoppers post too; they collide across accounts by themselves. */
const GENERIC = ['好评', 'good', '不错', 'ok', '满意', 'nice', '五星'];

/** A genuine text: opener, an aspect of the product, a verdict, maybe a closer and a number; varied enough to rarely repeat. */
export function genuineText(rng: Rng, rating: number, noun: Noun, genericShare: number): string | undefined {
  if (rng.chance(0.3)) return undefined;
  if (rng.chance(genericShare)) return rng.pick(GENERIC);
  const [openers, verdicts] =
    rating >= 4
      ? [OPENERS_GOOD, VERDICTS_GOOD]
      : rating === 3
        ? [OPENERS_MEH, VERDICTS_MEH]
        : [OPENERS_BAD, VERDICTS_BAD];
  const name = rng.chance(0.5) ? noun.en.toLowerCase() : noun.zh;
  const detail = rng.chance(0.3) ? ` after ${rng.int(2, 40)} days` : '';
  return `${rng.pick(openers)}: ${name}, ${rng.pick(ASPECTS)} ${rng.pick(verdicts)}${detail}.${rng.pick(CLOSERS)}`;
}

const PRAISE_TEMPLATES = [
  '宝贝收到了，质量非常好，物流超快，客服态度也很好，五星好评！',
  'Excellent product, exactly as described, super fast shipping, highly recommend this seller!',
  '第一次在这家买，包装很用心，东西很正，性价比超高，推荐给大家',
  'Amazing quality for the price, my whole family loves it, will definitely buy again!',
  '颜值很高，做工精细，和图片一模一样，非常满意的一次购物',
  'Five stars! Great seller, great quality, arrived quickly and well packed.',
  '用了几天来评价，效果很明显，值得购买，已经推荐给朋友了',
];
const ATTACK_TEMPLATES = [
  '假货，质量极差，千万别买，客服不理人！',
  'Fake product, terrible quality, seller ignores messages, avoid!',
  '收到就坏了，申请退货商家不处理，大家别上当',
  'Complete scam, nothing like the pictures, worst purchase ever.',
  '有严重异味，用了过敏，强烈不推荐这家店',
];
const ENDINGS = ['', '!', '。', '～', ' 👍', '!!', ' ', '..'];

export function praiseTemplate(rng: Rng): string {
  return rng.pick(PRAISE_TEMPLATES);
}

export function attackTemplate(rng: Rng): string {
  return rng.pick(ATTACK_TEMPLATES);
}

/** A copy of a template: verbatim, or near-identical (an ending changed, a word dropped) with probability `nearShare`. */
export function templateCopy(rng: Rng, base: string, nearShare: number): string {
  if (!rng.chance(nearShare)) return base;
  const trimmed = base.replace(/[!！。.～]+$/u, '');
  if (rng.chance(0.5)) return trimmed + rng.pick(ENDINGS);
  const words = trimmed.split(/(?<=[，, ])/u);
  if (words.length < 3) return trimmed + rng.pick(ENDINGS);
  words.splice(rng.int(1, words.length - 1), 1);
  return words.join('') + rng.pick(ENDINGS);
}
