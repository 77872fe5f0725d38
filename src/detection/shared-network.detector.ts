// Emulator studios: accounts with devices of their own behind the same IPs or /24 whose purchases at a shop are
// 5-starred far beyond the platform's rate. An office, dorm or campus behind one NAT shares it too, but rates as it likes.
import { COHORT_DEFAULTS, CohortParameters, detectCohortRings } from './cohorts';
import { SHARED_PARAMETER_DOCS } from './support';
import { Detector } from './types';

export const sharedNetworkDetector: Detector<CohortParameters> = {
  kind: 'SHARED_NETWORK',
  name: 'shared-network',
  defaults: COHORT_DEFAULTS,
  parameters: { minRating: SHARED_PARAMETER_DOCS.minRating, minScore: SHARED_PARAMETER_DOCS.minScore },
  detect: (db, params, scope) =>
    detectCohortRings(db, 'detection/shared-network-cohorts', 'SHARED_NETWORK', params, scope),
};
