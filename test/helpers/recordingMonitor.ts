import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

/** What the engine would receive in one RegisterResourceRequest, as plain data. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent: string;
  readonly custom: boolean;
  /** Provider reference (`<urn>::<id>`) when one was set explicitly or inherited; else "". */
  readonly provider: string;
  /** URNs from `dependsOn` and from inputs that are outputs of other resources. */
  readonly dependencies: string[];
  readonly propertyDependencies: Record<string, string[]>;
  readonly replaceOnChanges: string[];
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  readonly ignoreChanges: string[];
  /** Inputs as the mocks see them (outputs resolved, secrets unwrapped). */
  readonly inputs: Record<string, unknown>;
}

/** Extra state a test wants a mocked resource to report, keyed by what the program sent. */
export type StateFor = (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown>;

interface ProtoRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): {
    forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
  getReplaceonchangesList(): string[];
  getRetainondelete(): boolean;
  getDeletebeforereplace(): boolean;
  getIgnorechangesList(): string[];
}

interface ProtoResponse {
  getUrn(): string;
}

/**
 * A mock monitor that also keeps every RegisterResourceRequest, so tests can assert the
 * dependency edges the engine would see: `MockResourceArgs` does not carry `dependsOn`.
 */
export class RecordingMonitor extends MockMonitor {
  readonly registrations: Registration[] = [];
  /** Inputs the mocks saw, by `type::name`; requests interleave, so order cannot pair them. */
  private readonly inputsSeen: Map<string, Record<string, unknown>>;

  constructor(stateFor: StateFor = () => ({})) {
    const inputsSeen = new Map<string, Record<string, unknown>>();
    super({
      newResource: (args) => {
        const inputs = args.inputs as Record<string, unknown>;
        inputsSeen.set(`${args.type}::${args.name}`, inputs);
        return { id: `${args.name}-id`, state: { ...inputs, ...stateFor(args) } };
      },
      call: (args) => args.inputs as Record<string, unknown>,
    });
    this.inputsSeen = inputsSeen;
  }

  override async registerResource(
    request: ProtoRequest,
    callback: (error: unknown, response: ProtoResponse | undefined) => void,
  ): Promise<void> {
    await super.registerResource(request, (error: unknown, response: ProtoResponse | undefined) => {
      if (!error && response) {
        const propertyDependencies: Record<string, string[]> = {};
        request.getPropertydependenciesMap().forEach((value, key) => {
          propertyDependencies[key] = [...value.getUrnsList()].sort();
        });
        this.registrations.push({
          type: request.getType(),
          name: request.getName(),
          urn: response.getUrn(),
          parent: request.getParent(),
          custom: request.getCustom(),
          provider: request.getProvider(),
          dependencies: [...request.getDependenciesList()].sort(),
          propertyDependencies,
          replaceOnChanges: [...request.getReplaceonchangesList()],
          retainOnDelete: request.getRetainondelete(),
          deleteBeforeReplace: request.getDeletebeforereplace(),
          ignoreChanges: [...request.getIgnorechangesList()],
          inputs: this.inputsSeen.get(`${request.getType()}::${request.getName()}`) ?? {},
        });
      }
      callback(error, response);
    });
  }

  /** The registration of the resource with this logical name; fails the test if absent. */
  byName(name: string): Registration {
    const found = this.registrations.find((r) => r.name === name);
    if (!found) {
      throw new Error(
        `no resource named ${name}; have: ${this.registrations.map((r) => r.name).join(", ")}`,
      );
    }
    return found;
  }

  ofType(type: string): Registration[] {
    return this.registrations.filter((r) => r.type === type);
  }
}

export interface RecordOptions {
  stateFor?: StateFor;
  preview?: boolean;
  /** Project name, which namespaces `new pulumi.Config()`. Defaults to "zkha". */
  project?: string;
  /** Stack name. Defaults to "test". */
  stack?: string;
}

// Not in the SDK's typings, but exported: resolves once every outstanding RPC has finished.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/**
 * Runs `program` against a fresh recording monitor and resolves once every resource has been
 * registered.
 */
export async function recordProgram(
  program: () => unknown,
  options: RecordOptions = {},
): Promise<RecordingMonitor> {
  const { monitor, settled } = startRecording(program, options);
  await settled;
  return monitor;
}

/**
 * Runs `program` against a fresh recording monitor and returns it at once, with a promise that
 * resolves once every resource has been registered. For programs that fail part way, whose
 * pending registrations never settle.
 */
export function startRecording(
  program: () => unknown,
  options: RecordOptions = {},
): { monitor: RecordingMonitor; settled: Promise<void> } {
  const monitor = new RecordingMonitor(options.stateFor);
  pulumi.runtime.setMockOptions(
    monitor,
    options.project ?? "zkha",
    options.stack ?? "test",
    options.preview ?? false,
  );
  program();
  return { monitor, settled: settings.waitForRPCs() };
}

/**
 * Records a Pulumi program module (one that declares resources when loaded, like an example's
 * index or the root program), loading it afresh each time.
 */
export function recordModule(
  modulePath: string,
  options: RecordOptions = {},
): Promise<RecordingMonitor> {
  return recordProgram(() => {
    const resolved = require.resolve(modulePath);
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
    delete require.cache[resolved];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(resolved) as unknown;
  }, options);
}
