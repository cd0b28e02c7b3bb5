import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import type { OozieHaClusterArgs } from "./clusterArgs";
import { pathProblem } from "./validatePaths";

const PRINCIPAL = /^[A-Za-z0-9._/-]+@[A-Za-z0-9._-]+$/;

/** `secure` and `kerberos` go together; the principal, keytab and keytab path must be usable. */
export function validateKerberos(args: OozieHaClusterArgs): Problem[] {
  const problems: Problem[] = [];
  if (args.secure === true && !args.kerberos) {
    problems.push({
      property: "kerberos",
      reason:
        "secure: true needs a Kerberos principal and keytab for the ZooKeeper SASL login; set kerberos: { principal, keytabBase64 }, or remove secure",
    });
  }
  if (args.kerberos) {
    if (args.secure !== true) {
      problems.push({
        property: "secure",
        reason: "kerberos is set but secure is not true; set secure: true or remove kerberos",
      });
    }
    const principal = args.kerberos.principal;
    if (typeof principal !== "string" || principal.trim() === "") {
      problems.push({
        property: "kerberos.principal",
        reason:
          "is empty; give the Oozie servers' Kerberos service principal, such as oozie/_HOST@EXAMPLE.COM",
      });
    } else if (!PRINCIPAL.test(principal)) {
      problems.push({
        property: "kerberos.principal",
        reason: `"${rules.escapeControl(principal)}" is not a Kerberos principal such as oozie/_HOST@EXAMPLE.COM`,
      });
    }
    // A keytab known only once it resolves (an Output) is checked then, by OozieHaCluster.
    // (Missing altogether counts as empty: callers in plain JavaScript have no type checks.)
    const keytab: unknown = args.kerberos.keytabBase64;
    if (typeof keytab === "string" || keytab === undefined || keytab === null) {
      const problem = keytabProblem(keytab ?? undefined);
      if (problem) {
        problems.push(problem);
      }
    }
    if (args.kerberos.keytabPath !== undefined) {
      const problem = pathProblem("kerberos.keytabPath", args.kerberos.keytabPath);
      if (problem) {
        problems.push(problem);
      }
    }
  }
  return problems;
}

/**
 * The problem with a keytab (base64 text) that holds nothing: blank, or decoding to no bytes.
 * Secure ZooKeeper logins fail with an empty keytab only once a server starts, so it is refused
 * here. The message never holds the value, which is a secret.
 */
export function keytabProblem(keytabBase64: string | undefined): Problem | undefined {
  if (
    typeof keytabBase64 === "string" &&
    keytabBase64.trim() !== "" &&
    Buffer.from(keytabBase64, "base64").length > 0
  ) {
    return undefined;
  }
  return {
    property: "kerberos.keytabBase64",
    reason:
      "the keytab is empty; give the keytab file's bytes base64-encoded (base64 -w0 oozie.keytab), as a secret (pulumi.secret(...) or pulumi config set --secret)",
  };
}
