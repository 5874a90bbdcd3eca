/*
 * An add-on move and its change requests as Markdown: the change request
 * descriptions and the template's output page read it instead of JSON.
 */
import type {
  AddonUpgradePlan,
  AddonUpgradeWave,
} from '@pcscol/plugin-pegase-node';
import { mdCode, mdText, mdUrl } from '../lib/markdown';

/** One line per cluster of a wave: from → to, and its ApplicationSet. */
export function addonWaveLines(wave: AddonUpgradeWave): string[] {
  return wave.clusters.map(
    c =>
      `- ${mdText(c.name)}: ${mdText(c.from ?? '?')} → ${mdText(
        c.to,
      )} (ApplicationSet ${mdCode(c.applicationSet)})`,
  );
}

/** A change request the action opened or updated. */
export interface AddonChangeRequest {
  wave: string;
  url: string;
  number: number;
  updated: boolean;
  branch: string;
  clusters: number;
}

/** The whole run in Markdown: change requests, the clusters per wave, skips. */
export function addonUpgradeSummary(
  plan: AddonUpgradePlan,
  changeRequests: AddonChangeRequest[],
  options: { dryRun?: boolean } = {},
): string {
  const lines: string[] = [
    `Add-on **${mdText(plan.addon)}** to **${mdText(plan.to)}**: ${
      plan.clusters.length
    } cluster(s) in ${plan.waves.length} wave(s).`,
    '',
  ];
  for (const c of changeRequests) {
    lines.push(
      options.dryRun
        ? `- **${mdText(
            c.wave,
          )}**: dry run, would open a change request from branch ${mdCode(
            c.branch,
          )}, ${c.clusters} cluster(s)`
        : `- **${mdText(c.wave)}**: [change request ${c.number}](${mdUrl(
            c.url,
          )}) (${c.updated ? 'updated' : 'opened'}), ${
            c.clusters
          } cluster(s), branch ${mdCode(c.branch)}`,
    );
  }
  for (const wave of plan.waves)
    lines.push('', `#### ${mdText(wave.name)}`, '', ...addonWaveLines(wave));
  if (plan.skipped.length > 0) {
    lines.push('', `#### Skipped (${plan.skipped.length})`, '');
    for (const s of plan.skipped)
      lines.push(`- ${mdText(s.cluster)}: ${mdText(s.reason)}`);
  }
  return lines.join('\n');
}
