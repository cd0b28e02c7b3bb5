/** Docker labels as @pulumi/docker takes them, sorted so inputs are stable across runs. */
export function dockerLabels(
  own: Record<string, string>,
  user: Record<string, string> = {},
): { label: string; value: string }[] {
  // The component's own labels win: tooling finds its containers by them.
  const merged = { ...user, ...own };
  return Object.keys(merged)
    .sort()
    .map((label) => ({ label, value: merged[label] ?? "" }));
}

export const LABEL_PREFIX = "pulumi-zk-ha";
