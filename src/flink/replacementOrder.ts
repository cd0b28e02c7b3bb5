/**
 * The order a rolling replacement takes through the JobManagers (container names, in index
 * order): the standbys first, highest index first, and the leader last, so the one failover a
 * replacement costs goes to a JobManager that already runs the new image or configuration.
 * Without a known leader (a new cluster, or none elected) highest index first.
 */
export function replacementOrder(jobManagers: readonly string[], leader?: string): string[] {
  const standbys = [...jobManagers].reverse().filter((name) => name !== leader);
  return leader !== undefined && jobManagers.includes(leader) ? [...standbys, leader] : standbys;
}

/** The JobManager replaced just before `jobManager` in `order`; undefined for the first. */
export function replacedBefore(order: readonly string[], jobManager: string): string | undefined {
  const position = order.indexOf(jobManager);
  return position > 0 ? order[position - 1] : undefined;
}
