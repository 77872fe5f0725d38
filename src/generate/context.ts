// State shared while writing one dataset: the open files, the id counters and recent reviews that can be liked.
import { RowWriter } from './csv-writer';
import { Plan } from './population';
import { DataFile, TruthFile } from './schema';

export type Writers = Record<DataFile | TruthFile, RowWriter>;

const RECENT = 4096;

export class Context {
  private orderNo = 0;
  private reviewNo = 0;
  private paymentNo = 0;
  private deviceNo = 0;
  /** Refunds per merchant, to list refunding owners in negatives.csv at the end. */
  readonly refunds: Int32Array;
  /** A ring buffer of recent ordinary reviews: review number, time, author. */
  readonly recentReview = new Int32Array(RECENT);
  readonly recentTime = new Float64Array(RECENT);
  readonly recentAuthor = new Int32Array(RECENT);
  recentCount = 0;

  constructor(
    readonly plan: Plan,
    readonly out: Writers,
  ) {
    this.refunds = new Int32Array(plan.merchants);
  }

  orderId(): string {
    return `o${++this.orderNo}`;
  }
  reviewNumber(): number {
    return ++this.reviewNo;
  }
  paymentId(): string {
    return `pay${++this.paymentNo}`;
  }
  deviceId(): string {
    return `d${++this.deviceNo}`;
  }

  rememberReview(reviewNo: number, time: number, author: number): void {
    const k = this.recentCount++ % RECENT;
    this.recentReview[k] = reviewNo;
    this.recentTime[k] = time;
    this.recentAuthor[k] = author;
  }

  get recentSize(): number {
    return Math.min(this.recentCount, RECENT);
  }
}

export const accountId = (i: number): string => `a${i}`;
export const productId = (p: number): string => `p${p}`;
export const merchantId = (m: number): string => `m${m}`;
export const reviewId = (r: number): string => `r${r}`;

/** An IP of one account's own (first octet 10 or 11 by which of its devices), unique to it. */
export function ownIp(account: number, which: number): string {
  return `${10 + which}.${(account >>> 16) & 255}.${(account >>> 8) & 255}.${account & 255}`;
}
