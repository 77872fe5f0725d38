// Rings built in a test, stored with storeRun as a detection run would store them.
import { DetectedRing } from '../../src/detection/types';

/** A shared-device farm of `accounts` on device d1 (the tiny fixture's accounts u1, u2, u3 share it). */
export const farm = (accounts: string[]): DetectedRing => ({
  kind: 'SHARED_DEVICE',
  score: 0.8,
  members: accounts.map((accountId) => ({ accountId, score: 0.8, evidence: [`${accountId} used d1`] })),
  devices: ['d1'],
  payments: [],
  products: [],
  orders: [],
  reviews: [],
  merchants: [],
  firstActivity: new Date('2025-03-01T10:15:00Z'),
  lastActivity: new Date('2025-03-05T00:00:00Z'),
  signals: ['SHARED_DEVICE'],
  explanation: `${accounts.join(', ')} share device d1.`,
});
