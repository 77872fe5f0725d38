// Every detector a run uses: adding a signal is one module and one line here.
import { cashbackDetector } from './cashback.detector';
import { coordinatedPurchaseDetector } from './coordinated-purchase.detector';
import { likeBrushingDetector } from './like-brushing.detector';
import { reviewAttackDetector } from './review-attack.detector';
import { reviewBurstDetector } from './review-burst.detector';
import { sharedDeviceDetector } from './shared-device.detector';
import { sharedNetworkDetector } from './shared-network.detector';
import { taskBrushingDetector } from './task-brushing.detector';
import { templateTextDetector } from './template-text.detector';
import { Detector } from './types';

export const detectors: Detector<object>[] = [
  sharedDeviceDetector,
  sharedNetworkDetector,
  cashbackDetector,
  coordinatedPurchaseDetector,
  reviewBurstDetector,
  taskBrushingDetector,
  templateTextDetector,
  likeBrushingDetector,
  reviewAttackDetector,
];
