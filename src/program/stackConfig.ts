import * as pulumi from "@pulumi/pulumi";

/**
 * Reads stack config with the type each key must have, gathering every mistake instead of
 * stopping at the first, so one run lists them all. The SDK's own getters already refuse a
 * top-level value of the wrong type; what they let through is a map whose entries have the wrong
 * type, which `pulumi config set --path` produces from a bare number or boolean.
 */
export class StackConfigReader {
  private readonly problems: string[] = [];
  private readonly failedKeys = new Set<string>();

  constructor(private readonly config: pulumi.Config) {}

  string(key: string): string | undefined {
    return this.attempt(key, () => this.config.get(key));
  }

  number(key: string): number | undefined {
    return this.attempt(key, () => this.config.getNumber(key));
  }

  boolean(key: string): boolean | undefined {
    return this.attempt(key, () => this.config.getBoolean(key));
  }

  /** A secret the program cannot run without. */
  requiredSecret(key: string, hint: string): pulumi.Output<string> | undefined {
    const value = this.attempt(key, () => this.config.getSecret(key));
    if (value === undefined && !this.failedKeys.has(key)) {
      this.problems.push(`${key}: required; ${hint}`);
    }
    return value;
  }

  /** Records a problem with a value the reader read, for checks beyond its type. */
  refuse(key: string, reason: string): void {
    this.failedKeys.add(key);
    this.problems.push(`${key}: ${reason}`);
  }

  /** A map of strings, such as `oozieSiteProperties`; every entry is checked. */
  stringMap(key: string): Record<string, string> | undefined {
    const value = this.attempt(key, () => this.config.getObject<unknown>(key));
    if (value === undefined) {
      return undefined;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      this.problems.push(
        `${key}: expected a map of strings, got ${describe(value)}; set entries with pulumi config set --path '${key}["name"]' value`,
      );
      return undefined;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [name, entry] of entries) {
      if (typeof entry !== "string") {
        const path = `${key}[${JSON.stringify(name)}]`;
        this.problems.push(
          `${path}: expected a string, got ${describe(entry)}; store it as a string with pulumi config set --path --type string '${path}' ${JSON.stringify(String(entry))}`,
        );
      }
    }
    return Object.fromEntries(entries.filter(([, entry]) => typeof entry === "string")) as Record<
      string,
      string
    >;
  }

  /**
   * Throws one RunError (printed without a stack, as the SDK's own config errors are) listing
   * every problem found so far. Does nothing when there are none.
   */
  throwIfProblems(): void {
    if (this.problems.length > 0) {
      const lines = this.problems.map((p) => `  - ${p}`).join("\n");
      throw new pulumi.RunError(
        `stack config has ${this.problems.length} invalid value(s):\n${lines}`,
      );
    }
  }

  private attempt<T>(key: string, read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      this.failedKeys.add(key);
      // The SDK's ConfigTypeError names the key, the value and the type it wanted.
      this.problems.push(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }
}

function describe(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "a list";
  }
  switch (typeof value) {
    case "number":
      return `the number ${value}`;
    case "boolean":
      return `the boolean ${value}`;
    case "object":
      return "a map";
    default:
      return `the ${typeof value} ${JSON.stringify(value)}`;
  }
}
