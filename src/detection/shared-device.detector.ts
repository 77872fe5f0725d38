// Device farms: accounts on the same phones whose purchases at a shop are 5-starred far beyond the platform's rate.
// A family on one tablet, a library terminal or a shop's kiosk shares a device too, but its users rate as they like.
import { CohortParameters, cohortDetector } from './cohorts';
import { Detector } from './types';

export type SharedDeviceParameters = CohortParameters;

export const sharedDeviceDetector: Detector<SharedDeviceParameters> = cohortDetector(
  'SHARED_DEVICE',
  'shared-device',
  'detection/shared-device-cohorts',
);
