// Turns alerts on for this process: every stored run's ring events go to the configured webhooks.
import { Config } from '../config';
import { onRunStored } from '../detection/run';
import { postRingEvents } from './webhooks';

export function enableAlerts(config: Config): void {
  const secret = config.webhookSecret;
  onRunStored(
    config.webhooks.length && secret
      ? async (run, events) => {
          await postRingEvents(run, events, { urls: config.webhooks, secret });
        }
      : undefined,
    { growthShare: config.ringGrowthShare },
  );
}
