import { IpamMode, NetworkPolicy, OsType } from "../enums";
import type { ClusterNetwork } from "../model";
import { policyOf } from "../rules/facts";
import { NPM_LINUX_RETIREMENT, NPM_WINDOWS_CUTOFF } from "../rules/network-policy";
import { KUBENET_RETIREMENT } from "../rules/windows-and-lifecycle";
import type { Deadline } from "./types";

const DAY_MS = 24 * 60 * 60 * 1000;
const NPM_WINDOWS_DATE = NPM_WINDOWS_CUTOFF.toISOString().slice(0, 10);

/** The retirements that apply to a cluster as it stands, each with the whole days left from `now` (UTC days). */
export function deadlinesFor(cluster: ClusterNetwork, now: Date): Deadline[] {
  const deadlines: Deadline[] = [];
  if (cluster.ipamMode === IpamMode.Kubenet) deadlines.push(deadline("kubenet", KUBENET_RETIREMENT, now));
  if (policyOf(cluster) === NetworkPolicy.Azure) {
    const windows = cluster.nodePools.some((p) => p.osType === OsType.Windows);
    const linux = cluster.nodePools.length === 0 || cluster.nodePools.some((p) => p.osType === OsType.Linux);
    if (linux) deadlines.push(deadline("Azure NPM (Linux)", NPM_LINUX_RETIREMENT, now));
    if (windows) deadlines.push(deadline("Azure NPM (Windows)", NPM_WINDOWS_DATE, now));
  }
  return deadlines.sort((a, b) => a.date.localeCompare(b.date));
}

function deadline(what: string, date: string, now: Date): Deadline {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const daysLeft = Math.round((Date.parse(`${date}T00:00:00Z`) - today) / DAY_MS);
  return { what, date, daysLeft, passed: daysLeft <= 0 };
}
