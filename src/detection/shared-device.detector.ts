// Device farms: accounts tied together by the phones (and, more weakly, the IPs) they share, and shopping as one.
import { Database } from '../db/database';
import { rows } from '../db/values';
import {
  capped,
  clamp01,
  componentsOf,
  dateOf,
  hasScope,
  scopeSeedAccounts,
  score,
  SHARED_PARAMETER_DOCS,
  sorted,
  when,
} from './support';
import { DetectedMember, DetectedRing, Detector, Scope } from './types';

export interface SharedDeviceParameters {
  /** Devices used by more accounts than this are hubs (public terminals, shop demo phones) and link nobody... */
  deviceHubCutoff: number;
  /** ...unless at least this share of their accounts is never seen on a device of its own (group-control phones; 0 disables). */
  farmDeviceShare: number;
  /** IPs seen by more accounts than this are hubs (campus NAT, mobile carrier gateways) and link nobody. */
  ipHubCutoff: number;
  /** Weight of one shared IP relative to one shared device (1). */
  ipWeight: number;
  /** Two accounts are linked when their shared devices and IPs weigh at least this much. */
  minLinkWeight: number;
  /** Groups of at most this many accounts are households, never rings. */
  householdMaxAccounts: number;
  /** Accounts per shared device at which crowding counts in full. */
  farmAccountsPerDevice: number;
  /** Share of members that must have bought from one shop, so that a group sharing phones also shops as one (0 disables). */
  minShopShare: number;
  /** Rating that counts as a boosting review. */
  minRating: number;
  /** Rings scoring below this are dropped. */
  minScore: number;
  /** Rounds of expansion from the scope's accounts through shared devices (a scoped run's reach). */
  scopeHops: number;
}

const defaults: SharedDeviceParameters = {
  deviceHubCutoff: 30,
  farmDeviceShare: 0.8,
  ipHubCutoff: 30,
  ipWeight: 0.5,
  minLinkWeight: 1,
  householdMaxAccounts: 4,
  farmAccountsPerDevice: 6,
  minShopShare: 0.5,
  minRating: 5,
  minScore: 0.5,
  scopeHops: 6,
};

interface Link {
  type: 'device' | 'ip';
  id: string;
  accounts: string[];
  firstSeen: number | null;
  lastSeen: number | null;
  /** For a device above the hub cut-off: how many of its accounts use no device of their own; otherwise null. */
  sharedOnly: number | null;
}

interface Shopping {
  accountId: string;
  merchantId: string;
  type: 'order' | 'review';
  id: string;
  productId: string;
  at: number;
}

async function readLinks(db: Database, p: SharedDeviceParameters, scope?: Scope): Promise<Link[]> {
  const cutoffs = {
    deviceHubCutoff: p.deviceHubCutoff,
    ipHubCutoff: p.ipHubCutoff,
    farmDeviceShare: p.farmDeviceShare,
  };
  if (!hasScope(scope)) return rows<Link>(await db.read('detection/shared-device-links', cutoffs));
  // Grow the neighbourhood through shared devices and IPs until it stops growing: the scope's whole groups.
  const seen = new Set(await scopeSeedAccounts(db, scope));
  const links = new Map<string, Link>();
  let frontier = [...seen];
  for (let hop = 0; hop < p.scopeHops && frontier.length > 0; hop++) {
    const found = rows<Link>(
      await db.read('detection/shared-device-links-around', { ...cutoffs, accountIds: frontier }),
    );
    frontier = [];
    for (const link of found) {
      links.set(`${link.type}:${link.id}`, link);
      for (const a of link.accounts)
        if (!seen.has(a)) {
          seen.add(a);
          frontier.push(a);
        }
    }
  }
  return [...links.values()];
}

function linkedPairs(links: Link[], p: SharedDeviceParameters): [string, string][] {
  const weights = new Map<string, number>();
  const pairs: [string, string][] = [];
  for (const link of links) {
    const w = link.type === 'device' ? 1 : p.ipWeight;
    const accounts = sorted(link.accounts);
    if (w >= p.minLinkWeight) {
      // Strong enough alone: a star joins the same component as every pair would, without n² pairs on a busy phone.
      for (let i = 1; i < accounts.length; i++) pairs.push([accounts[0], accounts[i]]);
      continue;
    }
    for (let i = 0; i < accounts.length; i++)
      for (let j = i + 1; j < accounts.length; j++) {
        const key = `${accounts[i]}\u0000${accounts[j]}`;
        weights.set(key, (weights.get(key) ?? 0) + w);
      }
  }
  for (const [key, w] of weights) if (w >= p.minLinkWeight) pairs.push(key.split('\u0000') as [string, string]);
  return pairs;
}

async function detect(db: Database, p: SharedDeviceParameters, scope?: Scope): Promise<DetectedRing[]> {
  const links = await readLinks(db, p, scope);
  const groups = componentsOf(linkedPairs(links, p)).filter((g) => g.length > p.householdMaxAccounts);
  if (groups.length === 0) return [];
  const linksOf = new Map<string, Link[]>();
  for (const link of links) for (const a of link.accounts) (linksOf.get(a) ?? linksOf.set(a, []).get(a)!).push(link);
  const shopping = rows<Shopping>(
    await db.read('detection/shared-device-shopping', { accountIds: groups.flat(), minRating: p.minRating }),
  );
  const shoppingOf = new Map<string, Shopping[]>();
  for (const s of shopping) (shoppingOf.get(s.accountId) ?? shoppingOf.set(s.accountId, []).get(s.accountId)!).push(s);
  let rings = groups
    .map((g) => ringOf(g, linksOf, shoppingOf, p))
    .filter((r): r is DetectedRing => r !== null && r.score >= p.minScore);
  if (hasScope(scope)) {
    const seeds = new Set(await scopeSeedAccounts(db, scope));
    rings = rings.filter((r) => r.members.some((m) => seeds.has(m.accountId)));
  }
  return rings;
}

function ringOf(
  group: string[],
  linksOf: Map<string, Link[]>,
  shoppingOf: Map<string, Shopping[]>,
  p: SharedDeviceParameters,
): DetectedRing | null {
  const members = new Set(group);
  const n = group.length;
  // The devices and IPs this group shares, with the members on each.
  const shared = new Map<string, { link: Link; members: string[] }>();
  for (const a of group)
    for (const link of linksOf.get(a) ?? []) {
      const key = `${link.type}:${link.id}`;
      if (shared.has(key)) continue;
      const inside = link.accounts.filter((x) => members.has(x));
      if (inside.length >= 2) shared.set(key, { link, members: sorted(inside) });
    }
  const devices = [...shared.values()].filter((s) => s.link.type === 'device');
  const ips = [...shared.values()].filter((s) => s.link.type === 'ip');
  const sharerType = devices.length > 0 ? 'device' : 'ip';
  const sharers = devices.length > 0 ? devices : ips;
  const accountsPerDevice = sharers.reduce((t, s) => t + s.members.length, 0) / Math.max(1, sharers.length);
  // Devices shared across the same accounts: how many of the group's shared devices the average member uses.
  const overlap =
    sharers.reduce((t, s) => t + s.members.length, 0) / Math.max(1, n * Math.max(1, Math.min(sharers.length, n)));

  // Shops the members buy from and 5-star review together.
  const buyers = new Map<string, Set<string>>();
  const reviewers = new Map<string, Set<string>>();
  for (const a of group)
    for (const s of shoppingOf.get(a) ?? []) {
      const by = s.type === 'order' ? buyers : reviewers;
      (by.get(s.merchantId) ?? by.set(s.merchantId, new Set()).get(s.merchantId)!).add(a);
    }
  const shopShare = (m: string) => (buyers.get(m)?.size ?? 0) / n;
  const merchants = [...buyers.keys()]
    .filter((m) => (buyers.get(m)?.size ?? 0) >= 2 && shopShare(m) >= Math.max(p.minShopShare, 2 / n))
    .sort((a, b) => shopShare(b) - shopShare(a));
  const bestBuy = merchants.length > 0 ? shopShare(merchants[0]) : 0;
  const bestReview = merchants.reduce((best, m) => Math.max(best, (reviewers.get(m)?.size ?? 0) / n), 0);
  if (p.minShopShare > 0 && bestBuy < p.minShopShare) return null;

  const sizeTerm = clamp01((n - p.householdMaxAccounts) / p.householdMaxAccounts);
  const crowding = clamp01(accountsPerDevice / p.farmAccountsPerDevice);
  const shopTerm = (bestBuy + bestReview) / 2;
  const ringScore = score(0.2 * sizeTerm + 0.2 * crowding + 0.2 * clamp01(overlap) + 0.4 * shopTerm);

  const ringMerchants = new Set(merchants);
  const orders: string[] = [];
  const reviews: string[] = [];
  const products: string[] = [];
  const times: number[] = [];
  for (const s of sharers) {
    if (s.link.firstSeen !== null) times.push(s.link.firstSeen);
    if (s.link.lastSeen !== null) times.push(s.link.lastSeen);
  }
  const ringMembers: DetectedMember[] = group.sort().map((a) => {
    const evidence: string[] = [];
    const mine = [...shared.values()].filter((s) => s.members.includes(a));
    for (const s of mine) {
      const others = s.members.filter((x) => x !== a);
      evidence.push(
        `${s.link.type === 'device' ? 'used device' : 'seen at IP'} ${s.link.id} with ${others.length} other member${others.length === 1 ? '' : 's'} (${capped(others, 5).join(', ')})` +
          (s.link.sharedOnly !== null ? `; ${busyText(s.link)}` : ''),
      );
    }
    const atShops = (shoppingOf.get(a) ?? []).filter((s) => ringMerchants.has(s.merchantId));
    for (const s of atShops) {
      (s.type === 'order' ? orders : reviews).push(s.id);
      products.push(s.productId);
      times.push(s.at);
    }
    evidence.push(
      ...capped(
        atShops.map((s) =>
          s.type === 'order'
            ? `ordered ${s.productId} from shop ${s.merchantId} (order ${s.id}, ${when(s.at)})`
            : `${p.minRating}-star review ${s.id} of ${s.productId} (shop ${s.merchantId}, ${when(s.at)})`,
        ),
        6,
      ),
    );
    const myDevices = mine.filter((s) => s.link.type === sharerType).length;
    const bought = atShops.some((s) => s.type === 'order') ? 1 : 0;
    const reviewed = atShops.some((s) => s.type === 'review') ? 1 : 0;
    return {
      accountId: a,
      score: score(
        0.5 * clamp01(myDevices / Math.max(1, sharers.length)) + 0.25 * (0.5 + 0.5 * bought) + 0.25 * reviewed,
      ),
      evidence,
      role: 'member',
    };
  });

  const busy = devices.filter((s) => s.link.sharedOnly !== null);
  const busyNote = busy
    .map(
      (s) =>
        ` Device ${s.link.id} has more accounts than the hub cut-off of ${p.deviceHubCutoff} but is no public terminal: ${busyText(s.link)}.`,
    )
    .join('');
  const shopText =
    merchants.length > 0
      ? ` ${Math.round(bestBuy * n)} of them bought from shop ${merchants[0]}${bestReview > 0 ? ` and ${Math.round(bestReview * n)} gave it ${p.minRating}-star reviews` : ''}.`
      : '';
  return {
    kind: 'SHARED_DEVICE',
    score: ringScore,
    members: ringMembers,
    devices: sorted(devices.map((s) => s.link.id)),
    payments: [],
    products: sorted(products),
    orders: sorted(orders),
    reviews: sorted(reviews),
    merchants: merchants,
    firstActivity: times.length ? dateOf(Math.min(...times)) : null,
    lastActivity: times.length ? dateOf(Math.max(...times)) : null,
    signals: ['SHARED_DEVICE'],
    explanation:
      `${n} accounts share ${devices.length} device${devices.length === 1 ? '' : 's'}` +
      (ips.length ? ` and ${ips.length} IP${ips.length === 1 ? '' : 's'}` : '') +
      ` (${accountsPerDevice.toFixed(1)} accounts per shared ${devices.length > 0 ? 'device' : 'IP'})` +
      (n <= 3 * p.householdMaxAccounts ? `, more than a household of ${p.householdMaxAccounts}.` : '.') +
      busyNote +
      shopText,
  };
}

/** Why a device above the hub cut-off still links its accounts. */
function busyText(link: Link): string {
  return `${link.accounts.length} accounts use it, ${link.sharedOnly} of them never seen on a device of their own`;
}

export const sharedDeviceDetector: Detector<SharedDeviceParameters> = {
  kind: 'SHARED_DEVICE',
  name: 'shared-device',
  defaults,
  parameters: {
    deviceHubCutoff: {
      description:
        'Devices used by more accounts are hubs (public terminals) and ignored, unless farmDeviceShare keeps them',
      unit: 'accounts',
      max: 200,
    },
    farmDeviceShare: {
      description:
        'A device above the hub cut-off still links its accounts when at least this share of them is never seen on a device of its own (a group-control phone; 0 disables)',
      unit: 'share 0..1',
    },
    ipHubCutoff: {
      description: 'IPs seen by more accounts are hubs (campus NAT, carrier gateways) and ignored',
      unit: 'accounts',
      max: 200,
    },
    ipWeight: {
      description: 'Weight of a shared IP relative to a shared device (1); IPs are weaker evidence',
      max: 10,
    },
    minLinkWeight: {
      description: 'Two accounts are linked when their shared devices and IPs weigh at least this',
      max: 100,
    },
    householdMaxAccounts: {
      description: 'Groups of at most this many accounts are households, never rings',
      unit: 'accounts',
      max: 100,
    },
    farmAccountsPerDevice: {
      description: 'Accounts per shared device at which crowding counts in full',
      unit: 'accounts',
      type: 'Float',
      max: 1000,
    },
    minShopShare: {
      description: 'Share of members that must have bought from one shop (0 disables)',
      unit: 'share 0..1',
    },
    minRating: SHARED_PARAMETER_DOCS.minRating,
    minScore: SHARED_PARAMETER_DOCS.minScore,
    scopeHops: { description: 'Rounds of expansion through shared devices in a scoped run', unit: 'hops', max: 10 },
  },
  detect,
};
