// Device farms: accounts on the same phones whose purchases at a shop are 5-starred far beyond the platform's rate.
// A family on one tablet, a library terminal or a shop's kiosk shares a device too, but its users rate as they like.
import { COHORT_DEFAULTS, CohortParameters, detectCohortRings } from './cohorts';
import { SHARED_PARAMETER_DOCS } from './support';
import { Detector } from './types';

export type SharedDeviceParameters = CohortParameters;

export const sharedDeviceDetector: Detector<SharedDeviceParameters> = {
  kind: 'SHARED_DEVICE',
  name: 'shared-device',
  defaults: COHORT_DEFAULTS,
  parameters: { minRating: SHARED_PARAMETER_DOCS.minRating, minScore: SHARED_PARAMETER_DOCS.minScore },
  detect: (db, params, scope) =>
    detectCohortRings(db, 'detection/shared-device-cohorts', 'SHARED_DEVICE', params, scope),
};
