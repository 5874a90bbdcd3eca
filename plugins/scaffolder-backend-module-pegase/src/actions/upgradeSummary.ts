/*
 * The upgrade plan and its change requests as Markdown: the change request
 * descriptions and the template's output page read it instead of JSON.
 */
import type { UpgradePlan } from '@pcscol/plugin-pegase-node';
import { mdCode, mdText, mdUrl } from '../lib/markdown';

/**
 * One line per instance of a wave: from → to, and the sub-charts that move
 * (each with its versions for a reviewer, or their count for a summary).
 */
export function planLines(
  plan: UpgradePlan,
  wave: UpgradePlan['waves'][number],
  options: { subCharts: 'each' | 'count' } = { subCharts: 'each' },
): string[] {
  return wave.instances.map(i => {
    let moved = '';
    if (i.subCharts.length > 0)
      moved =
        options.subCharts === 'count'
          ? `${i.subCharts.length} sub-chart(s) move`
          : i.subCharts
              .map(
                s =>
                  `${mdText(s.entityName)} ${mdText(s.from ?? '∅')} → ${mdText(
                    s.to ?? '∅',
                  )}`,
              )
              .join(', ');
    return `- ${mdText(i.name)} (${mdText(i.cluster)}): ${mdText(
      i.from,
    )} → ${mdText(plan.to)}${moved ? `; ${moved}` : ''}`;
  });
}

/** A change request the action opened or updated. */
export interface UpgradeChangeRequest {
  wave: string;
  url: string;
  number: number;
  updated: boolean;
  branch: string;
  instances: number;
}

/** How many skipped instances the summary names before it counts the rest. */
const SKIPPED_NAMED = 20;

/**
 * The whole run in Markdown: change requests, the plan per wave (the
 * sub-charts' versions are in each change request), skips, warnings.
 */
export function upgradeSummary(
  plan: UpgradePlan,
  changeRequests: UpgradeChangeRequest[],
  options: { dryRun?: boolean } = {},
): string {
  const lines: string[] = [];
  lines.push(
    `Target **${mdText(plan.to)}**: ${plan.instances.length} instance(s) in ${
      plan.waves.length
    } wave(s).`,
    '',
  );
  for (const c of changeRequests) {
    if (options.dryRun) {
      lines.push(
        `- **${
          c.wave
        }**: dry run, would open a change request from branch ${mdCode(
          c.branch,
        )}, ${c.instances} instance(s)`,
      );
      continue;
    }
    lines.push(
      `- **${c.wave}**: [change request ${c.number}](${mdUrl(c.url)}) (${
        c.updated ? 'updated' : 'opened'
      }), ${c.instances} instance(s), branch ${mdCode(c.branch)}`,
    );
  }
  for (const wave of plan.waves) {
    lines.push(
      '',
      `#### ${wave.name}`,
      '',
      ...planLines(plan, wave, { subCharts: 'count' }),
    );
  }
  if (plan.skipped.length > 0) {
    lines.push('', `#### Skipped (${plan.skipped.length})`, '');
    for (const s of plan.skipped.slice(0, SKIPPED_NAMED))
      lines.push(`- ${mdText(s.name)}: ${mdText(s.reason)}`);
    if (plan.skipped.length > SKIPPED_NAMED)
      lines.push(`- … and ${plan.skipped.length - SKIPPED_NAMED} more`);
  }
  if (plan.warnings.length > 0) {
    lines.push(
      '',
      '#### Warnings',
      '',
      ...plan.warnings.map(w => `- ${mdText(w)}`),
    );
  }
  return lines.join('\n');
}
