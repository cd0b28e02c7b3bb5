import * as pulumi from "@pulumi/pulumi";

/**
 * The name prefix a component uses when `namePrefix` is not given: `<project>-<stack>-<name>`.
 * Docker names are per engine, not per stack: from the component name alone, a second stack of
 * one program on one engine would collide on every container name, and silently take over the
 * volumes another stack kept on delete (Docker hands back an existing volume of the same name).
 * Project and stack are lowercased, and characters a network alias cannot hold become '-'. An
 * explicit `namePrefix` is used exactly as given.
 */
export function defaultNamePrefix(name: string): string {
  return [slug(pulumi.getProject()), slug(pulumi.getStack()), name]
    .filter((part) => part !== "")
    .join("-");
}

function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
}
