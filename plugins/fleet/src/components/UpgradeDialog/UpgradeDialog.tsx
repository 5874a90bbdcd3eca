import { useState } from 'react';
import {
  Alert,
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Flex,
  NumberField,
  Select,
  Text,
} from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  FleetInstance,
  RolloutPlan,
  RolloutRequest,
  RolloutWaveStrategy,
} from '@pcscol/plugin-pegase-common';
import { fleetApiRef } from '../../api/FleetApi';
import { fleetTranslationRef } from '../../translations';

type By = RolloutWaveStrategy['by'];

/**
 * "Upgrade these N instances": the instances the Fleet page's filters show,
 * a target version and how to cut the waves; the plan (nothing stored) to
 * review; then start, which creates the rollout and opens its page. The
 * Start button shows only when the plan's answer says this user may start it
 * (`start`: `pegase.rollout.start` on every instance, checked by the backend);
 * otherwise the dialog says why.
 */
export function UpgradeDialog(props: {
  instances: FleetInstance[];
  releases: string[];
  latest?: string;
  onStarted: (id: string) => void;
}) {
  const { t } = useTranslationRef(fleetTranslationRef);
  const fleetApi = useApi(fleetApiRef);
  const count = props.instances.length;
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState(props.latest ?? props.releases[0] ?? '');
  const [by, setBy] = useState<By>('usage');
  const [canary, setCanary] = useState(0);
  const [plan, setPlan] = useState<RolloutPlan | undefined>();
  const [busy, setBusy] = useState<'plan' | 'start' | undefined>();
  const [error, setError] = useState<string | undefined>();

  const request = (): RolloutRequest => ({
    to,
    selection: { names: props.instances.map(i => i.name) },
    strategy: canary > 0 ? { by, canary } : { by },
  });
  // a changed choice makes the plan on screen stale
  const change = (apply: () => void) => {
    apply();
    setPlan(undefined);
    setError(undefined);
  };
  const review = async () => {
    setBusy('plan');
    setError(undefined);
    try {
      setPlan(await fleetApi.planRollout(request()));
    } catch (e) {
      setError(t('upgrade.failed', { message: (e as Error).message }));
    } finally {
      setBusy(undefined);
    }
  };
  const start = async () => {
    setBusy('start');
    setError(undefined);
    try {
      const rollout = await fleetApi.startRollout(request());
      setOpen(false);
      props.onStarted(rollout.id);
    } catch (e) {
      setError(t('upgrade.startFailed', { message: (e as Error).message }));
    } finally {
      setBusy(undefined);
    }
  };
  const moving = plan?.waves.reduce((n, w) => n + w.instances.length, 0) ?? 0;
  // a backend that does not say lets the start decide (it checks anyway)
  const mayStart = plan?.start?.allowed !== false;

  return (
    <>
      <Button
        variant="primary"
        size="small"
        isDisabled={count === 0}
        onPress={() => {
          setPlan(undefined);
          setError(undefined);
          setOpen(true);
        }}
      >
        {t('upgrade.button', { count })}
      </Button>
      <Dialog isOpen={open} onOpenChange={setOpen} isDismissable width={640}>
        <DialogHeader>{t('upgrade.title', { count })}</DialogHeader>
        <DialogBody>
          <Flex direction="column" gap="3" data-testid="upgrade-dialog">
            <Flex gap="3" align="end" style={{ flexWrap: 'wrap' }}>
              <Select
                label={t('upgrade.to')}
                size="small"
                options={props.releases.map(v => ({ id: v, label: v }))}
                selectedKey={to}
                onSelectionChange={k => change(() => setTo(String(k)))}
              />
              <Select
                label={t('upgrade.strategy')}
                size="small"
                options={[
                  { id: 'usage', label: t('upgrade.byUsage') },
                  { id: 'region', label: t('upgrade.byRegion') },
                  { id: 'none', label: t('upgrade.byNone') },
                ]}
                selectedKey={by}
                onSelectionChange={k => change(() => setBy(String(k) as By))}
              />
              <NumberField
                label={t('upgrade.canary')}
                minValue={0}
                value={canary}
                onChange={v =>
                  change(() => setCanary(Number.isFinite(v) ? v : 0))
                }
              />
            </Flex>
            {error ? <Alert status="danger" title={error} /> : null}
            {plan ? (
              <Flex direction="column" gap="2" data-testid="upgrade-plan">
                {moving === 0 ? (
                  <Text>{t('upgrade.empty')}</Text>
                ) : (
                  <>
                    <Text weight="bold">{t('upgrade.waves')}</Text>
                    {plan.waves.map((w, i) => (
                      <Flex key={w.name} direction="column" gap="0">
                        <Text variant="body-small">
                          {t('upgrade.waveLine', {
                            index: String(i + 1),
                            name: w.name,
                            count: w.instances.length,
                          })}
                        </Text>
                        <Text variant="body-x-small" color="secondary">
                          {w.instances.map(x => x.name).join(', ')}
                        </Text>
                      </Flex>
                    ))}
                  </>
                )}
                {plan.skipped.length ? (
                  <Flex direction="column" gap="0">
                    <Text variant="body-small">
                      {t('upgrade.skipped', {
                        count: plan.skipped.length,
                      })}
                    </Text>
                    {plan.skipped.slice(0, 20).map((s, i) => (
                      <Text
                        key={`${s.name}-${i}`}
                        variant="body-x-small"
                        color="secondary"
                      >
                        {t('upgrade.skippedLine', {
                          name: s.name ?? '',
                          reason: s.reason ?? '',
                        })}
                      </Text>
                    ))}
                  </Flex>
                ) : null}
                {moving > 0 && !mayStart ? (
                  <Alert
                    status="warning"
                    title={t('upgrade.notAllowed')}
                    description={plan.start?.reason}
                  />
                ) : null}
                {plan.warnings.length ? (
                  <Alert
                    status="warning"
                    title={t('upgrade.warnings')}
                    description={plan.warnings.join(' · ')}
                  />
                ) : null}
              </Flex>
            ) : null}
          </Flex>
        </DialogBody>
        <DialogFooter>
          <Button variant="secondary" onPress={() => setOpen(false)}>
            {t('upgrade.cancel')}
          </Button>
          {plan && moving > 0 && mayStart ? (
            <Button
              variant="primary"
              isPending={busy === 'start'}
              onPress={start}
            >
              {t('upgrade.start')}
            </Button>
          ) : null}
          {plan && moving > 0 ? null : (
            <Button
              variant="primary"
              isPending={busy === 'plan'}
              isDisabled={!to}
              onPress={review}
            >
              {t('upgrade.review')}
            </Button>
          )}
        </DialogFooter>
      </Dialog>
    </>
  );
}
