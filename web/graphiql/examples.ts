// One example per row of the README's "What it answers" table (tests/web.test.ts keeps the two in step).

export interface Sample {
  ringId: string;
  accountId: string;
  productId: string;
  merchantId: string;
}

export interface Example {
  /** The README row's question, as the tab's first line. */
  question: string;
  query: string;
  variables?: (s: Sample) => Record<string, unknown>;
}

export const EXAMPLES: Example[] = [
  {
    question: 'Which rings are there, strongest first?',
    query: `query StrongestRings {
  rings(minScore: 0.5, orderBy: SCORE, first: 10) {
    totalCount
    edges { node { id kind signals score size explanation } }
    pageInfo { hasNextPage endCursor }
  }
}`,
  },
  {
    question: 'What is new since my last review?',
    query: `query NewSince($since: DateTimeISO!) {
  rings(detectedSince: $since) { totalCount edges { node { id kind firstDetected explanation } } }
}`,
    variables: () => ({ since: '2026-01-01T00:00:00Z' }),
  },
  {
    question: 'Who is in this ring and how do I know?',
    query: `query RingMembers($id: ID!) {
  ring(id: $id) {
    id kind score explanation
    members { account { id } score role signals evidence }
    devices { id accountCount }
    payments { id amount paidAt payer { id } payee { id } }
    products { id title }
    orders { id placedAt amount }
    reviews { id rating createdAt }
    merchants { id name }
  }
}`,
    variables: (s) => ({ id: s.ringId }),
  },
  {
    question: 'Draw it',
    query: `query RingGraph($id: ID!) {
  ring(id: $id) {
    graph(limit: 300) {
      nodes { id label properties }
      edges { id source target type properties }
      truncated
    }
  }
}`,
    variables: (s) => ({ id: s.ringId }),
  },
  {
    question: 'What surrounds this account?',
    query: `query AroundAccount($id: ID!) {
  accountNetwork(id: $id, depth: 2, limit: 200, via: [DEVICES, IPS, PAYMENTS]) {
    nodes { id label }
    edges { source target type }
    truncated
  }
}`,
    variables: (s) => ({ id: s.accountId }),
  },
  {
    question: "Is this product's rating real?",
    query: `query RatingReal($id: ID!) {
  productIntegrity(id: $id) {
    averageRating averageRatingWithoutRings ringReviewShare
    bursts { start orders buyers ordersPerBuyer ringBuyers }
  }
}`,
    variables: (s) => ({ id: s.productId }),
  },
  {
    question: 'Which rings touch this account / product / shop?',
    query: `query RingsAround($account: ID!, $product: ID!, $merchant: ID!) {
  account(id: $account) { rings { edges { node { id kind score } } } }
  product(id: $product) { rings { edges { node { id kind score } } } }
  merchant(id: $merchant) { rings { edges { node { id kind score } } } }
}`,
    variables: (s) => ({ account: s.accountId, product: s.productId, merchant: s.merchantId }),
  },
  {
    question: 'Rings around X with my own thresholds',
    query: `query OwnThresholds($merchant: ID!) {
  cashbackRings(merchantId: $merchant, parameters: { minPayees: 2 }) { id kind score size explanation }
  sharedDeviceRings(merchantId: $merchant) { id score size }
}`,
    variables: (s) => ({ merchant: s.merchantId }),
  },
  {
    question: 'What is loaded?',
    query: `query Loaded($id: ID!) {
  stats { accounts devices merchants products orders reviews payments }
  account(id: $id) { id createdAt region devices { totalCount } orders { totalCount } }
}`,
    variables: (s) => ({ id: s.accountId }),
  },
  {
    question: 'Re-run detection',
    query: `# Mutations need an investigator or admin key (Headers: {"Authorization": "Bearer <key>"}).
query CurrentRun { detectionRun { id startedAt finishedAt ringCount parameters } }

mutation Rerun { runDetection(parameters: { cashback: { minPayees: 3 } }) { run { id ringCount } ringsByKind { kind count } seconds } }`,
  },
];
