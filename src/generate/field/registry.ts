// Every group kind the field generator plants: adding one is a planner module and a line here.
import { cashbackPlanner } from './planners/cashback';
import {
  familyTabletPlanner,
  householdPlanner,
  officeNatPlanner,
  dormNatPlanner,
  campusNatPlanner,
  publicTerminalPlanner,
} from './planners/crowds-network';
import {
  flashSalePlanner,
  launchPlanner,
  livestreamPlanner,
  loyalPlanner,
  lunchColleaguesPlanner,
} from './planners/crowds-buying';
import { friendsPlanner, groupBuyPlanner, refundPlannerClassic, refundShippingPlanner } from './planners/crowds-money';
import { emulatorFarmPlanner, smallFarmPlanner } from './planners/farms';
import { looseLockstepPlanner } from './planners/lockstep';
import {
  likeBrushingPlanner,
  reviewAttackPlanner,
  reviewBurstPlanner,
  templateReviewsPlanner,
} from './planners/reviews';
import { taskBrushingPlanner } from './planners/task-brushing';
import { GroupPlanner } from './planner';

/** Rings first (like brushing last of them: it likes reviews the others wrote), then the innocent crowds. */
export const planners: GroupPlanner[] = [
  emulatorFarmPlanner,
  taskBrushingPlanner,
  cashbackPlanner,
  smallFarmPlanner,
  looseLockstepPlanner,
  reviewAttackPlanner,
  templateReviewsPlanner,
  reviewBurstPlanner,
  likeBrushingPlanner,
  familyTabletPlanner,
  householdPlanner,
  officeNatPlanner,
  dormNatPlanner,
  campusNatPlanner,
  publicTerminalPlanner,
  lunchColleaguesPlanner,
  livestreamPlanner,
  launchPlanner,
  loyalPlanner,
  flashSalePlanner,
  refundShippingPlanner,
  refundPlannerClassic,
  groupBuyPlanner,
  friendsPlanner,
];

export const RING_KINDS = planners.filter((p) => p.truth === 'rings').map((p) => p.kind);
export const CROWD_KINDS = planners.filter((p) => p.truth === 'negatives').map((p) => p.kind);
