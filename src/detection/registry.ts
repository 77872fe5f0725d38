// Every detector a run uses: adding a signal is one module and one line here.
import { cashbackDetector } from './cashback.detector';
import { coordinatedPurchaseDetector } from './coordinated-purchase.detector';
import { reviewBurstDetector } from './review-burst.detector';
import { sharedDeviceDetector } from './shared-device.detector';
import { sharedNetworkDetector } from './shared-network.detector';
import { taskBrushingDetector } from './task-brushing.detector';
import { Detector } from './types';

export const detectors: Detector<object>[] = [
  sharedDeviceDetector,
  sharedNetworkDetector,
  cashbackDetector,
  coordinatedPurchaseDetector,
  reviewBurstDetector,
  taskBrushingDetector,
];
