import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import { INSTANCE_ID_ENV, type OozieHaClusterArgs } from "./clusterArgs";
import { MANAGED_SITE_KEYS, siteValueProblem } from "./oozieSite";

/** A Java class name, such as org.apache.oozie.service.ZKLocksService. */
export const JAVA_CLASS = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;
const SITE_KEY = /^[A-Za-z][A-Za-z0-9._-]*$/;

/** What goes into oozie-site.xml beyond the component's own keys, and the servers' environment. */
export function validateSite(args: OozieHaClusterArgs): Problem[] {
  const problems: Problem[] = [];
  (args.servicesExt ?? []).forEach((service, index) => {
    if (!JAVA_CLASS.test(service.trim())) {
      problems.push({
        property: `servicesExt[${index}]`,
        reason: `"${rules.escapeControl(service)}" is not a Java class name, such as org.apache.oozie.service.ZKLocksService`,
      });
    }
  });
  if (args.env && Object.keys(args.env).includes(INSTANCE_ID_ENV)) {
    problems.push({
      property: `env["${INSTANCE_ID_ENV}"]`,
      reason: `the component sets ${INSTANCE_ID_ENV} to each server's alias (its oozie.instance.id); remove it`,
    });
  }
  for (const [key, value] of Object.entries(args.extraSiteProperties ?? {})) {
    const property = `extraSiteProperties["${rules.escapeControl(key)}"]`;
    if (!SITE_KEY.test(key)) {
      problems.push({
        property,
        reason: `"${rules.escapeControl(key)}" is not an oozie-site.xml key; use letters, digits, '.', '_' and '-'`,
      });
    } else if (MANAGED_SITE_KEYS.includes(key)) {
      problems.push({
        property,
        reason: `"${key}" is rendered by the component; set it through the matching argument instead`,
      });
    }
    // Escaped into oozie-site.xml; only what XML cannot carry, or Oozie skips, is refused.
    // An Output is checked once it resolves.
    const valueProblem = typeof value === "string" ? siteValueProblem(property, value) : undefined;
    if (valueProblem) {
      problems.push(valueProblem);
    }
  }
  return problems;
}
