// Emulator studios: accounts with devices of their own behind the same IPs or /24 whose purchases at a shop are
// 5-starred far beyond the platform's rate. An office, dorm or campus behind one NAT shares it too, but rates as it likes.
import { CohortParameters, cohortDetector } from './cohorts';
import { Detector } from './types';

export const sharedNetworkDetector: Detector<CohortParameters> = cohortDetector(
  'SHARED_NETWORK',
  'shared-network',
  'detection/shared-network-cohorts',
);
