import type * as pulumi from "@pulumi/pulumi";
import type { Claim, Engine } from "./ownership";

/** A published port as the components write it for @pulumi/docker. */
export interface PublishedPort {
  readonly external: number;
  readonly ip: string;
}

/** The Docker engine a component's own children run on: its docker provider, if one was set. */
export function engineOf(component: pulumi.Resource): Engine {
  return component.getProvider("docker:index/container:Container");
}

/** The field that decides a component's Docker names. */
export function nameField(namePrefix: string | undefined): string {
  return namePrefix === undefined ? "name" : "namePrefix";
}

export function portClaims(
  engine: Engine,
  ports: readonly PublishedPort[],
  field: string,
): Claim[] {
  return ports.map((p) => ({ kind: "hostPort", engine, address: p.ip, port: p.external, field }));
}
