import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../common/problems";
import { definedProblems } from "../common/rules";
import { connectStringProblem } from "./connectString";

/**
 * A connect string given as an Output, checked once it resolves (a plain one was checked with
 * the other arguments): a bad one fails the deployment on `owner`, as a plain one fails the
 * preview.
 */
export function checkedConnectString(
  owner: pulumi.Resource,
  label: string,
  property: string,
  connectString: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.output(connectString).apply((connect) => {
    throwIfProblems(owner, label, definedProblems(connectStringProblem(property, connect)));
    return connect;
  });
}
